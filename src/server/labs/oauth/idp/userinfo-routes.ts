import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { bearerToken } from '../../../auth/bearer';
import { LabError } from '../../../core/errors';
import { oauthError } from '../oauth-error';
import { registerClient } from '../registration';
import type { OAuthServices } from '../services';
import { verifyAccessToken } from '../tokens';
import { OAuthErrorBody, open } from '../schemas';

const hasType = (request: FastifyRequest, type: string) =>
  (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === type;

const UserInfo = open({
  sub: Type.String(),
  email: Type.Optional(Type.String()),
  email_verified: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String()),
});
const Errors = {
  400: OAuthErrorBody,
  401: OAuthErrorBody,
  403: OAuthErrorBody,
  409: OAuthErrorBody,
  415: OAuthErrorBody,
};

/** The UserInfo endpoint (OIDC Core 1.0 §5.3) and dynamic client registration (RFC 7591). */
export const userinfoRoutes =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;
    async function userinfo(request: FastifyRequest, reply: FastifyReply) {
      const token = bearerToken(request.headers.authorization);
      if (!token) {
        reply.header('www-authenticate', 'Bearer realm="Lab ID"');
        throw new LabError(401, 'invalid_token', 'Send an access token as "Authorization: Bearer …".');
      }
      const result = await verifyAccessToken(lab, token, `${lab.issuer()}/userinfo`);
      if (!result.ok) {
        reply.header('www-authenticate', `Bearer realm="Lab ID", error="invalid_token"`);
        throw new LabError(401, 'invalid_token', result.reason);
      }
      const scopes = String(result.payload.scope ?? '').split(' ');
      const user = ctx.users.findById(Number(result.payload.sub));
      if (!scopes.includes('openid') || !user) {
        reply.header('www-authenticate', `Bearer realm="Lab ID", error="insufficient_scope", scope="openid"`);
        throw new LabError(403, 'insufficient_scope', 'This token was not issued with the openid scope.');
      }
      return {
        sub: String(user.id),
        ...(scopes.includes('email') ? { email: user.email, email_verified: true } : {}),
        ...(scopes.includes('profile') ? { name: user.displayName ?? user.email.split('@')[0] } : {}),
      };
    }
    const schema = { response: { 200: UserInfo, ...Errors } };
    app.get('/userinfo', { schema }, userinfo);
    app.post('/userinfo', { schema }, userinfo);

    // RFC 7591 dynamic registration, open to loopback callers only; registerClient checks every field.
    const registration = { body: Type.Unknown(), response: { 201: open({ client_id: Type.String() }), ...Errors } };
    app.post('/register', { schema: registration }, async (request, reply) => {
      // The socket's address, never request.ip: X-Forwarded-For is written by the caller, and no rate-limit
      // toggle may turn a LAN caller into a loopback one (RFC 7591 §3: the server decides who may register).
      const ip = request.socket.remoteAddress ?? '';
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(ip))
        throw new LabError(403, 'forbidden', 'Registration is open to loopback callers only.');
      if (!hasType(request, 'application/json'))
        throw new LabError(415, 'unsupported_media_type', 'Send the client metadata as application/json.');
      const meta = request.body;
      if (!meta || typeof meta !== 'object' || Array.isArray(meta))
        throw oauthError(400, 'invalid_client_metadata', 'The body must be a JSON object.');
      const registered = registerClient(lab, meta as Record<string, unknown>);
      return reply.status(201).send(registered);
    });
  };
