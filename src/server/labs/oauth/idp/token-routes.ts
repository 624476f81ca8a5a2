import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LabError } from '../../../core/errors';
import { runChecks } from '../checks/check';
import { checkClientAuthentication, checkFormBody, checkGrantType, type FormEndpointRequest } from '../checks/token';
import { DEVICE_GRANT, startDeviceAuthorization } from '../device-authorization';
import { exchangeCode } from '../grants/authorization-code';
import { clientCredentialsGrant } from '../grants/client-credentials';
import { deviceCodeGrant } from '../grants/device-code';
import { passwordGrant } from '../grants/password';
import { refreshGrant } from '../grants/refresh-token';
import { oauthError } from '../oauth-error';
import type { OAuthServices } from '../services';
import { findToken } from '../tokens';
import { OAuthErrorBody, open, params } from '../schemas';

const TokenBody = params(
  'grant_type',
  'client_id',
  'client_secret',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'scope',
  'device_code',
  'username',
  'password',
);
const TokenResponse = open({
  access_token: Type.String(),
  token_type: Type.String(),
  expires_in: Type.Integer(),
  scope: Type.String(),
  refresh_token: Type.Optional(Type.String()),
  id_token: Type.Optional(Type.String()),
});
const OAuthErrors = { 400: OAuthErrorBody, 401: OAuthErrorBody, 429: OAuthErrorBody };
const TokenBodyParams = params('token', 'token_type_hint', 'client_id', 'client_secret');
const Introspection = open({ active: Type.Boolean() });
const DeviceAuthorization = open({
  device_code: Type.String(),
  user_code: Type.String(),
  verification_uri: Type.String(),
  verification_uri_complete: Type.String(),
  expires_in: Type.Integer(),
  interval: Type.Integer(),
});

/**
 * The back-channel endpoints, form-encoded (RFC 6749 §3.2): token,
 * revocation (RFC 7009), introspection (RFC 7662) and device authorization
 * (RFC 8628 §3.1). The body is checked by the endpoint's checks, so a bad one
 * answers an OAuth error rather than Fastify's 400.
 */
export const tokenRoutes =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** The form body and client authentication every one of these endpoints starts with. */
    function formClient(request: FastifyRequest, reply: FastifyReply) {
      const checked: FormEndpointRequest = {
        lab,
        contentType: request.headers['content-type'],
        authorization: request.headers.authorization,
        body: request.body,
      };
      try {
        runChecks([checkFormBody, checkClientAuthentication], checked);
      } catch (error) {
        // RFC 6749 §5.2: a client that tried Basic gets a WWW-Authenticate challenge with its 401.
        if (error instanceof LabError && error.statusCode === 401 && checked.authorization)
          reply.header('www-authenticate', 'Basic realm="Lab ID"');
        throw error;
      }
      return { body: checked.params!, client: checked.client! };
    }

    const token = { body: TokenBody, response: { 200: TokenResponse, ...OAuthErrors } };
    app.post('/token', { schema: token, attachValidation: true }, async (request, reply) => {
      const { body, client } = formClient(request, reply);
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      switch (checkGrantType(body.grant_type)) {
        case 'authorization_code':
          return exchangeCode(lab, client, body);
        case 'refresh_token':
          return refreshGrant(lab, client, body);
        case 'client_credentials':
          return clientCredentialsGrant(lab, client, body);
        case DEVICE_GRANT:
          return deviceCodeGrant(lab, client, body);
        case 'password':
          return passwordGrant(lab, client, body, request.ip);
      }
    });

    // RFC 7009: the answer is 200 whether or not the token was known, so it reveals nothing.
    const revoke = { body: TokenBodyParams, response: { 200: Type.Unknown(), ...OAuthErrors } };
    app.post('/revoke', { schema: revoke, attachValidation: true }, async (request, reply) => {
      const { body, client } = formClient(request, reply);
      if (!body.token) throw oauthError(400, 'invalid_request', 'token is required.');
      const row = await findToken(lab, body.token);
      if (row && row.clientId === client.clientId) {
        // Revoking a refresh token also ends the access tokens of its grant (RFC 7009 §2.1).
        if (row.kind === 'refresh' && row.familyId) lab.tokens.revokeFamily(row.familyId);
        else lab.tokens.revoke(row.id);
      }
      return reply.status(200).send();
    });

    // RFC 7662 §2.1: only authenticated (confidential) clients may introspect.
    const introspect = { body: TokenBodyParams, response: { 200: Introspection, ...OAuthErrors } };
    app.post('/introspect', { schema: introspect, attachValidation: true }, async (request, reply) => {
      const { body, client } = formClient(request, reply);
      if (client.authMethod === 'none')
        throw oauthError(401, 'invalid_client', 'Only confidential clients may introspect tokens.');
      if (!body.token) throw oauthError(400, 'invalid_request', 'token is required.');
      const row = await findToken(lab, body.token);
      const now = lab.ctx.clock.nowMs();
      const active =
        row &&
        row.status === 'active' &&
        row.expiresAt > now &&
        (row.familyExpires === null || row.familyExpires > now) &&
        row.clientId === client.clientId;
      if (!row || !active) return { active: false };
      return {
        active: true,
        scope: row.scope,
        client_id: row.clientId,
        sub: row.userId === null ? row.clientId : String(row.userId),
        iss: lab.issuer(),
        iat: Math.floor(row.issuedAt / 1000),
        exp: Math.floor(row.expiresAt / 1000),
        token_type: row.kind === 'access' ? 'Bearer' : 'refresh_token',
      };
    });

    const device = {
      body: params('client_id', 'client_secret', 'scope'),
      response: { 200: DeviceAuthorization, ...OAuthErrors },
    };
    app.post('/device_authorization', { schema: device, attachValidation: true }, async (request, reply) => {
      const { body, client } = formClient(request, reply);
      return startDeviceAuthorization(lab, client, body);
    });
  };
