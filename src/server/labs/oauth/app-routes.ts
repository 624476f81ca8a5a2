import type { FastifyInstance } from 'fastify';
import {
  ClientCredentialsRun,
  CodeFlowRun,
  DevicePollBody,
  HttpAnswer,
  OAuthAttackParams,
  OAuthAttackResult,
  OAuthClientsView,
  RefreshRunBody,
} from '../../../common/schemas/oauth';
import { LabError } from '../../core/errors';
import { verifyAccessToken } from './tokens';
import { API_SCOPE } from './settings';
import type { OAuthServices } from './services';
import { runAttack, type AttackId } from './attacks';
import { runCodeFlow } from './code-flow-run';
import { runClientCredentials, runRefresh, startDeviceRun, pollDeviceRun } from './runs';

const tags = ['oauth'];

/**
 * The OAuth lab on the app origin: the protected "lab API" (a resource server
 * that accepts Lab ID access tokens) and the lab-only helpers under
 * /api/lab/oauth/*.
 */
export function oauthAppRoutes(lab: OAuthServices) {
  return async (app: FastifyInstance): Promise<void> => {
    // Demo client secrets, tokens and personal API answers: never cached (RFC 6749 §5.1, ASVS V8.2.1).
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    app.get(
      '/api/oauth/resource',
      {
        schema: {
          tags,
          summary:
            'The lab API: accepts a Lab ID access token (at+jwt) with this API as audience and the lab.api scope',
        },
      },
      async (request, reply) => {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer [A-Za-z0-9._~+/-]+=*$/i.test(header) ? header.slice(7) : undefined;
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

    app.get(
      '/api/lab/oauth/clients',
      {
        schema: {
          tags,
          summary: 'Lab only: the demo clients with their ids and secrets, and Lab ID’s discovery URL',
          response: { 200: OAuthClientsView },
        },
      },
      async () => {
        lab.ensureDemoClients();
        return {
          issuer: lab.issuer(),
          discovery: `${lab.issuer()}/.well-known/openid-configuration`,
          apiAudience: lab.apiAudience(),
          clients: lab.demoClients(),
        };
      },
    );

    app.post(
      '/api/lab/oauth/run/code-flow',
      {
        schema: {
          tags,
          summary: 'Lab only: runs the code flow with PKCE through the real sign-in and consent pages, step by step',
          response: { 200: CodeFlowRun },
        },
      },
      async () => runCodeFlow(lab),
    );

    app.post(
      '/api/lab/oauth/run/client-credentials',
      {
        schema: {
          tags,
          summary: 'Lab only: the machine client gets a token with client_credentials and calls the API',
          response: { 200: ClientCredentialsRun },
        },
      },
      async () => runClientCredentials(lab),
    );

    app.post<{ Body: { refresh_token?: unknown } }>(
      '/api/lab/oauth/run/refresh',
      {
        schema: {
          tags,
          summary: 'Lab only: Your App spends a refresh token (run it twice to see reuse detection)',
          body: RefreshRunBody,
          response: { 200: HttpAnswer },
        },
      },
      async (request) => {
        const token = request.body?.refresh_token;
        if (typeof token !== 'string' || token.length > 200)
          throw new LabError(400, 'invalid_request', 'Send { "refresh_token": "…" }.');
        return runRefresh(lab, token);
      },
    );

    app.post(
      '/api/lab/oauth/run/device',
      {
        schema: {
          tags,
          summary: 'Lab only: the CLI client starts the device flow (RFC 8628)',
          response: { 200: HttpAnswer },
        },
      },
      async () => startDeviceRun(lab),
    );

    app.post<{ Body: { device_code?: unknown } }>(
      '/api/lab/oauth/run/device/poll',
      {
        schema: {
          tags,
          summary: 'Lab only: the CLI client polls the token endpoint once',
          body: DevicePollBody,
          response: { 200: HttpAnswer },
        },
      },
      async (request) => {
        const deviceCode = request.body?.device_code;
        if (typeof deviceCode !== 'string' || deviceCode.length > 200)
          throw new LabError(400, 'invalid_request', 'Send { "device_code": "…" }.');
        return pollDeviceRun(lab, deviceCode);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/lab/oauth/attacks/:id',
      {
        schema: {
          tags,
          summary: 'Lab only: runs one OAuth attack against the real servers with the current toggles',
          params: OAuthAttackParams,
          response: { 200: OAuthAttackResult },
        },
      },
      async (request) => runAttack(lab, request.params.id as AttackId),
    );
  };
}
