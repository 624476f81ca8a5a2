import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ClientCredentialsRun,
  CodeFlowRun,
  CodeFlowRunBody,
  DevicePollBody,
  HttpAnswer,
  OAuthAttackParams,
  OAuthAttackResult,
  OAuthClientsView,
  RefreshRunBody,
} from '../../../common/schemas/oauth';
import { errorResponses } from '../../../common/schemas/common';
import { JwksResponse } from '../../../common/schemas/jwt';
import { LabError } from '../../core/errors';
import { runAttack } from './attacks';
import { DEFAULT_ACCOUNT, runCodeFlow } from './code-flow-run';
import { pollDeviceRun, runClientCredentials, runRefresh, startDeviceRun } from './runs';
import type { OAuthServices } from './services';

const tags = ['oauth'];

/** The OAuth lab's lab-only helpers under /api/lab/oauth/*: demo clients, scripted runs and attacks. */
export const oauthLabRoutes =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
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

    await app.register(labIdKeysRoute(lab));

    app.post(
      '/api/lab/oauth/run/code-flow',
      {
        schema: {
          tags,
          summary: 'Lab only: runs the code flow with PKCE through the real sign-in and consent pages, step by step',
          body: CodeFlowRunBody,
          response: { 200: CodeFlowRun, ...errorResponses(400) },
        },
      },
      async (request) => {
        const email = request.body?.email ?? DEFAULT_ACCOUNT;
        if (!lab.ctx.users.demoAccounts().some((a) => a.email === email))
          throw new LabError(400, 'invalid_request', 'The code flow runs as one of the demo accounts.');
        return runCodeFlow(lab, email);
      },
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

    app.post(
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

    app.post(
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

    app.post(
      '/api/lab/oauth/attacks/:id',
      {
        schema: {
          tags,
          summary: 'Lab only: runs one OAuth attack against the real servers with the current toggles',
          params: OAuthAttackParams,
          response: { 200: OAuthAttackResult, ...errorResponses(409) },
        },
      },
      async (request) => runAttack(lab, request.params.id),
    );
  };

/** Lab ID's public keys on the app origin: the token inspector verifies Lab ID's tokens with them. */
const labIdKeysRoute =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/lab/oauth/jwks',
      {
        schema: {
          tags,
          summary: 'Lab only: Lab ID’s public keys (its /jwks), for the token inspector on the app origin',
          response: { 200: JwksResponse },
        },
      },
      async () => {
        // Lab ID's key is RSA: these are all its public members.
        const { kty = '', kid = '', alg = '', use = '', n, e } = lab.keys.publicJwk;
        return { keys: [{ kty, kid, alg, use, n, e }] };
      },
    );
  };
