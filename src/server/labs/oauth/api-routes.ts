import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerToken } from '../../auth/bearer';
import { errorResponses } from '../../../common/schemas/common';
import { LabError } from '../../core/errors';
import type { OAuthServices } from './services';
import { API_SCOPE } from './settings';
import { verifyAccessToken } from './tokens';

const tags = ['oauth'];

const ResourceAnswer = Type.Object(
  {
    message: Type.String(),
    sub: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.Unknown()),
    scope: Type.Optional(Type.Unknown()),
    aud: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

/** The protected "lab API" on the app origin: a resource server that accepts Lab ID access tokens. */
export const resourceRoutes =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/oauth/resource',
      {
        schema: {
          tags,
          summary:
            'The lab API: accepts a Lab ID access token (at+jwt) with this API as audience and the lab.api scope',
          response: { 200: ResourceAnswer, ...errorResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const token = bearerToken(request.headers.authorization);
        if (!token) {
          reply.header('www-authenticate', 'Bearer realm="Auth Lab API"');
          throw new LabError(401, 'invalid_token', 'Send a Lab ID access token as "Authorization: Bearer …".');
        }
        // RFC 9068 §4: check typ, issuer, signature, expiry and that this API is the audience.
        const result = await verifyAccessToken(lab, token, lab.apiAudience());
        if (!result.ok) {
          reply.header('www-authenticate', 'Bearer realm="Auth Lab API", error="invalid_token"');
          throw new LabError(401, 'invalid_token', result.reason);
        }
        const scopes = String(result.payload.scope ?? '').split(' ');
        // RFC 6750 §3.1: a valid token without the needed scope gets 403 insufficient_scope.
        if (!scopes.includes(API_SCOPE)) {
          reply.header(
            'www-authenticate',
            `Bearer realm="Auth Lab API", error="insufficient_scope", scope="${API_SCOPE}"`,
          );
          throw new LabError(403, 'insufficient_scope', `This API needs the ${API_SCOPE} scope.`);
        }
        const user =
          result.payload.sub && /^\d+$/.test(result.payload.sub)
            ? lab.ctx.users.findById(Number(result.payload.sub))
            : undefined;
        return {
          message: user
            ? `Hello ${user.email}, here is your data from the lab API.`
            : `Hello ${result.payload.sub}, machine to machine.`,
          sub: result.payload.sub,
          client_id: result.payload.client_id,
          scope: result.payload.scope,
          aud: result.payload.aud,
        };
      },
    );
  };
