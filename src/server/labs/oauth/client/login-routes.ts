import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { JWTPayload } from 'jose';
import { Type } from 'typebox';
import { LabError } from '../../../core/errors';
import { randomToken } from '../../../crypto/random';
import { params } from '../schemas';
import { s256 } from '../pkce';
import { sha256 } from '../repositories';
import type { OAuthServices } from '../services';
import {
  RP_CLIENT_ID,
  RP_LOGIN_COOKIE,
  RP_PENDING_TTL_MS,
  RP_SCOPE,
  cookieOptions,
  type RelyingParty,
} from './relying-party';

const IdTokenLoginBody = Type.Object({ id_token: Type.Optional(Type.Unknown()) }, { additionalProperties: true });
const IdTokenLoginAnswer = Type.Object({
  ok: Type.Boolean(),
  sub: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
});

/** Your App's login: the code flow with PKCE, state and nonce, and the insecure "sign in with an ID token". */
export const loginRoutes =
  (lab: OAuthServices, rp: RelyingParty): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;

    // Starts the flow: fresh PKCE verifier, state and nonce, remembered server-side for this browser.
    app.get('/login', async (_request, reply) => {
      lab.ensureDemoClients();
      const verifier = randomToken(32); // 43 characters: RFC 7636 §4.1
      const state = randomToken(16);
      const nonce = randomToken(16);
      const browser = randomToken(32);
      lab.rp.addPending(state, sha256(browser), verifier, nonce, ctx.clock.nowMs() + RP_PENDING_TTL_MS);
      reply.setCookie(RP_LOGIN_COOKIE, browser, cookieOptions);
      const url = new URL(`${lab.issuer()}/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: RP_CLIENT_ID,
        redirect_uri: rp.redirectUri(),
        scope: RP_SCOPE,
        state,
        nonce,
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      }).toString();
      return reply.redirect(url.toString(), 303);
    });

    const CallbackQuery = params('state', 'iss', 'code', 'error');
    app.get('/callback', { schema: { querystring: CallbackQuery } }, async (request, reply) => {
      const q = request.query;
      const state = typeof q.state === 'string' ? q.state : '';
      const pending = state.length > 0 && state.length < 200 ? lab.rp.pending(state, ctx.clock.nowMs()) : undefined;
      const browser = request.cookies[RP_LOGIN_COOKIE];
      // RFC 6749 §10.12: the state must be the one this browser's login started with (login CSRF).
      const stateOk = ctx.toggles.isOn('oauth.checkState')
        ? pending !== undefined && browser !== undefined && sha256(browser) === pending.browser
        : pending !== undefined;
      if (!stateOk || !pending) {
        // Back (or reload) onto a callback already redeemed while signed in: nothing is accepted, and the page says why.
        if (!pending && rp.sessionOf(request)) return reply.redirect('/?spent=callback', 303);
        return rp.fail(reply, 'state_mismatch');
      }
      // RFC 9207 §2.4: the response must come from the issuer this login went to (mix-up defence).
      if (q.iss !== lab.issuer()) return rp.fail(reply, 'issuer_mismatch');
      lab.rp.dropPending(state);
      reply.clearCookie(RP_LOGIN_COOKIE, { path: '/' });
      if (typeof q.error === 'string') return rp.fail(reply, q.error);
      if (typeof q.code !== 'string') return rp.fail(reply, 'missing_code');
      const tokens = await rp.tokenRequest({
        grant_type: 'authorization_code',
        code: q.code,
        redirect_uri: rp.redirectUri(),
        code_verifier: pending.verifier,
      });
      if (tokens.status !== 200 || typeof tokens.body.id_token !== 'string')
        return rp.fail(reply, String(tokens.body.error ?? 'token_request_failed'));
      let claims: JWTPayload;
      try {
        claims = await rp.checkIdToken(tokens.body.id_token, pending.nonce);
      } catch {
        return rp.fail(reply, 'invalid_id_token');
      }
      rp.startSession(reply, {
        sub: String(claims.sub),
        email: typeof claims.email === 'string' ? claims.email : undefined,
        name: typeof claims.name === 'string' ? claims.name : undefined,
        idToken: tokens.body.id_token,
        idTokenChecked: ctx.toggles.isOn('oauth.validateIdToken'),
        accessToken: String(tokens.body.access_token),
        refreshToken: typeof tokens.body.refresh_token === 'string' ? tokens.body.refresh_token : undefined,
        scope: String(tokens.body.scope ?? ''),
        via: 'code-flow',
      });
      return reply.redirect('/', 303);
    });

    /**
     * "Sign in with an ID token": the insecure shortcut the token-substitution
     * attack needs. Without full validation (oauth.validateIdToken off) an ID
     * token issued to any other app logs its holder in.
     */
    const idTokenLogin = { body: IdTokenLoginBody, response: { 200: IdTokenLoginAnswer } };
    app.post('/id-token-login', { schema: idTokenLogin, attachValidation: true }, async (request, reply) => {
      // JSON only: a cross-site form cannot send it, so no other site can log a browser in with its own token.
      if ((request.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/json')
        throw new LabError(415, 'unsupported_media_type', 'Send { "id_token": "…" } as application/json.');
      // OIDC Core §3.1.3.7 (11) and RFC 9700 §4.5.3: an ID token proves a login only with the nonce this
      // browser's own login sent, used once. A posted token carries no such nonce, so with the defence on
      // Your App takes ID tokens from its code flow only: any token here, even a valid one, is refused.
      if (ctx.toggles.isOn('oauth.validateIdToken'))
        throw new LabError(
          403,
          'forbidden',
          'Your App accepts ID tokens only from its own login (code flow with a nonce), never posted in.',
        );
      const sent: unknown = request.body?.id_token;
      const idToken = typeof sent === 'string' ? sent : undefined;
      if (!idToken || idToken.length > 8192) throw new LabError(400, 'invalid_request', 'Send { "id_token": "…" }.');
      let claims: JWTPayload;
      try {
        claims = await rp.checkIdToken(idToken, null); // the defence is off here: it only decodes
      } catch {
        throw new LabError(401, 'invalid_token', 'The ID token is not valid for Your App.');
      }
      if (typeof claims.sub !== 'string') throw new LabError(401, 'invalid_token', 'The ID token has no subject.');
      const user = ctx.users.findById(Number(claims.sub));
      rp.startSession(reply, {
        sub: claims.sub,
        email: user?.email,
        idToken,
        idTokenChecked: false,
        accessToken: '',
        scope: '',
        via: 'id-token',
      });
      return { ok: true, sub: claims.sub, email: user?.email ?? null };
    });
  };
