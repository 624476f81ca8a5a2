import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { LabError } from '../../core/errors';
import { randomToken } from '../../crypto/random';
import { escapeHtml } from '../../core/html-page';
import type { OAuthServices } from './services';
import { s256 } from './pkce';
import { sha256 } from './repositories';

/** Your App's own cookies: names unique across the lab's origins (ports do not separate cookies). */
export const RP_SESSION_COOKIE = 'yourapp_session';
export const RP_LOGIN_COOKIE = 'yourapp_login';
export const RP_CLIENT_ID = 'your-app';
export const RP_SCOPE = 'openid profile email offline_access lab.api';
const RP_SESSION_TTL_MS = 8 * 60 * 60_000;
const RP_PENDING_TTL_MS = 10 * 60_000;

export interface RpSession {
  sub: string;
  email?: string;
  name?: string;
  idToken: string;
  idTokenChecked: boolean;
  accessToken: string;
  refreshToken?: string;
  scope: string;
  via: 'code-flow' | 'id-token';
  apiResult?: { status: number; body: unknown };
  notice?: string;
}

const STYLE = `body{font:16px system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2433}
.brand{color:#0d7a5f;font-weight:700}button,.button{padding:.5rem 1rem;font:inherit;cursor:pointer;border-radius:4px;border:1px solid #345;background:#fff;color:#1d2433;text-decoration:none;display:inline-block}
.primary{background:#0d7a5f;color:#fff}.error{color:#a11;background:#fde;padding:.5rem}
textarea{width:100%;font:12px ui-monospace,monospace;height:4.5rem}form{display:inline}pre{background:#f4f6fa;padding:.5rem;overflow:auto}`;

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your App</title><style>${STYLE}</style></head>
<body><p class="brand">Your App</p>${body}</body></html>`;
}

/**
 * "Your App", the relying party on the client origin. It runs the
 * authorization code flow from its backend with PKCE, state and nonce,
 * validates the ID token, and keeps its own session.
 */
export function clientRoutes(lab: OAuthServices) {
  return async (app: FastifyInstance): Promise<void> => {
    const { ctx } = lab;
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody);
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    });
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: false };
    const redirectUri = () => `${ctx.origins.client}/callback`;
    const clientAuth = () =>
      `Basic ${Buffer.from(`${encodeURIComponent(RP_CLIENT_ID)}:${encodeURIComponent(lab.demoSecret(RP_CLIENT_ID))}`).toString('base64')}`;

    function sessionOf(request: FastifyRequest): { sid: string; data: RpSession } | undefined {
      const sid = request.cookies[RP_SESSION_COOKIE];
      if (!sid || sid.length > 100) return undefined;
      const data = lab.rp.session<RpSession>(sid, ctx.clock.nowMs());
      return data ? { sid, data } : undefined;
    }

    /**
     * Your App's forms post only from its own pages, on top of SameSite=Lax.
     * Fetch Metadata first: under Referrer-Policy no-referrer a browser sends
     * `Origin: null` even for a same-origin form post (OWASP CSRF cheat sheet).
     */
    function sameOrigin(request: FastifyRequest): void {
      const site = request.headers['sec-fetch-site'];
      const ok = site !== undefined ? site === 'same-origin' : request.headers.origin === ctx.origins.client;
      if (!ok) throw new LabError(403, 'forbidden', 'Cross-origin form posts are refused.');
    }

    async function tokenRequest(params: Record<string, string>) {
      lab.ensureDemoClients();
      const response = await lab.fetch(`${lab.issuer()}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: clientAuth() },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
    }

    /**
     * OIDC Core §3.1.3.7: signature with Lab ID's published key, iss, aud
     * (this client), exp by the lab clock, and the nonce this browser's
     * login started with. With oauth.validateIdToken off it only decodes.
     */
    async function checkIdToken(idToken: string, nonce: string | null): Promise<JWTPayload> {
      if (!ctx.toggles.isOn('oauth.validateIdToken')) return decodeJwt(idToken);
      const jwks = (await (await lab.fetch(`${lab.issuer()}/jwks`)).json()) as JSONWebKeySet;
      const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), {
        issuer: lab.issuer(),
        audience: RP_CLIENT_ID,
        algorithms: ['RS256'],
        currentDate: ctx.clock.now(),
      });
      if (nonce !== null && payload.nonce !== nonce) throw new Error('nonce mismatch');
      return payload;
    }

    function startSession(reply: FastifyReply, data: RpSession) {
      const sid = randomToken(32);
      lab.rp.createSession(sid, data, ctx.clock.nowMs() + RP_SESSION_TTL_MS);
      reply.setCookie(RP_SESSION_COOKIE, sid, cookieOptions);
    }

    const fail = (reply: FastifyReply, error: string) => reply.redirect(`/?error=${encodeURIComponent(error)}`, 303);

    app.get('/', async (request, reply) => {
      const session = sessionOf(request);
      const error = (request.query as Record<string, unknown>).error;
      const errorBanner =
        typeof error === 'string'
          ? `<p class="error" role="alert">Login failed: <code>${escapeHtml(error.slice(0, 200))}</code></p>`
          : '';
      reply.type('text/html; charset=utf-8');
      if (!session)
        return page(`<h1>Welcome to Your App</h1>${errorBanner}
<p>Your App keeps no passwords. It asks Lab ID who you are.</p>
<p><a class="button primary" href="/login">Log in with Lab ID</a></p>`);
      const s = session.data;
      const token = (label: string, value: string | undefined) =>
        value ? `<h3>${label}</h3><textarea readonly aria-label="${label}">${escapeHtml(value)}</textarea>` : '';
      const api = s.apiResult
        ? `<h3>Lab API answer (${s.apiResult.status})</h3><pre>${escapeHtml(JSON.stringify(s.apiResult.body, null, 2))}</pre>`
        : '';
      return page(`<h1>Logged in as ${escapeHtml(s.email ?? s.sub)}</h1>${errorBanner}
${s.notice ? `<p role="status">${escapeHtml(s.notice)}</p>` : ''}
<p>Subject <code>${escapeHtml(s.sub)}</code>, signed in ${s.via === 'code-flow' ? 'with the code flow' : 'by posting an ID token'}; the ID token was ${s.idTokenChecked ? 'fully validated' : '<strong>only decoded</strong>'}.</p>
<p><form method="post" action="/call-api"><button>Call the lab API</button></form>
<form method="post" action="/refresh"><button>Refresh tokens</button></form>
<form method="post" action="/logout"><button>Log out</button></form></p>${api}
${token('ID token', s.idToken)}${token('Access token', s.accessToken)}${token('Refresh token', s.refreshToken)}
<p>Paste a token into the Auth Lab token inspector to read it.</p>`);
    });

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
        redirect_uri: redirectUri(),
        scope: RP_SCOPE,
        state,
        nonce,
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      }).toString();
      return reply.redirect(url.toString(), 303);
    });

    app.get('/callback', async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const state = typeof q.state === 'string' ? q.state : '';
      const pending = state.length > 0 && state.length < 200 ? lab.rp.pending(state, ctx.clock.nowMs()) : undefined;
      const browser = request.cookies[RP_LOGIN_COOKIE];
      // RFC 6749 §10.12: the state must be the one this browser's login started with (login CSRF).
      const stateOk = ctx.toggles.isOn('oauth.checkState')
        ? pending !== undefined && browser !== undefined && sha256(browser) === pending.browser
        : pending !== undefined;
      if (!stateOk || !pending) return fail(reply, 'state_mismatch');
      // RFC 9207 §2.4: the response must come from the issuer this login went to (mix-up defence).
      if (q.iss !== lab.issuer()) return fail(reply, 'issuer_mismatch');
      lab.rp.dropPending(state);
      reply.clearCookie(RP_LOGIN_COOKIE, { path: '/' });
      if (typeof q.error === 'string') return fail(reply, q.error);
      if (typeof q.code !== 'string') return fail(reply, 'missing_code');
      const tokens = await tokenRequest({
        grant_type: 'authorization_code',
        code: q.code,
        redirect_uri: redirectUri(),
        code_verifier: pending.verifier,
      });
      if (tokens.status !== 200 || typeof tokens.body.id_token !== 'string')
        return fail(reply, String(tokens.body.error ?? 'token_request_failed'));
      let claims: JWTPayload;
      try {
        claims = await checkIdToken(tokens.body.id_token, pending.nonce);
      } catch {
        return fail(reply, 'invalid_id_token');
      }
      startSession(reply, {
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
    app.post('/id-token-login', async (request, reply) => {
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
      const body = request.body as Record<string, unknown> | undefined;
      const idToken = body && typeof body.id_token === 'string' ? body.id_token : undefined;
      if (!idToken || idToken.length > 8192) throw new LabError(400, 'invalid_request', 'Send { "id_token": "…" }.');
      let claims: JWTPayload;
      try {
        claims = await checkIdToken(idToken, null); // the defence is off here: it only decodes
      } catch {
        throw new LabError(401, 'invalid_token', 'The ID token is not valid for Your App.');
      }
      if (typeof claims.sub !== 'string') throw new LabError(401, 'invalid_token', 'The ID token has no subject.');
      const user = ctx.users.findById(Number(claims.sub));
      startSession(reply, {
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

    app.post('/call-api', async (request, reply) => {
      sameOrigin(request);
      const session = sessionOf(request);
      if (!session) return reply.redirect('/', 303);
      const response = await lab.fetch(`${ctx.origins.app}/api/oauth/resource`, {
        headers: { authorization: `Bearer ${session.data.accessToken}` },
      });
      const body = await response.json().catch(() => null);
      lab.rp.saveSession(session.sid, {
        ...session.data,
        apiResult: { status: response.status, body },
        notice: undefined,
      });
      return reply.redirect('/', 303);
    });

    app.post('/refresh', async (request, reply) => {
      sameOrigin(request);
      const session = sessionOf(request);
      if (!session) return reply.redirect('/', 303);
      if (!session.data.refreshToken) {
        lab.rp.saveSession(session.sid, { ...session.data, notice: 'No refresh token to use.' });
        return reply.redirect('/', 303);
      }
      const tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.data.refreshToken });
      if (tokens.status !== 200) {
        lab.rp.saveSession(session.sid, { ...session.data, notice: `Refresh refused: ${String(tokens.body.error)}` });
        return reply.redirect('/', 303);
      }
      lab.rp.saveSession(session.sid, {
        ...session.data,
        accessToken: String(tokens.body.access_token),
        refreshToken: typeof tokens.body.refresh_token === 'string' ? tokens.body.refresh_token : undefined,
        idToken: typeof tokens.body.id_token === 'string' ? tokens.body.id_token : session.data.idToken,
        notice: 'Tokens refreshed: the old refresh token is now spent.',
      });
      return reply.redirect('/', 303);
    });

    app.post('/logout', async (request, reply) => {
      sameOrigin(request);
      const session = sessionOf(request);
      if (session) {
        lab.rp.endSession(session.sid);
        // Revoke the refresh token too, so logging out also ends offline access (RFC 7009).
        if (session.data.refreshToken) {
          await lab
            .fetch(`${lab.issuer()}/revoke`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: clientAuth() },
              body: new URLSearchParams({
                token: session.data.refreshToken,
                token_type_hint: 'refresh_token',
              }).toString(),
            })
            .catch(() => undefined);
        }
      }
      reply.clearCookie(RP_SESSION_COOKIE, { path: '/' });
      // RP-initiated logout: also end the Lab ID session, or the next "Log in" signs straight back in.
      if (session?.data.idToken && session.data.via === 'code-flow') {
        const url = new URL(`${lab.issuer()}/logout`);
        url.search = new URLSearchParams({
          id_token_hint: session.data.idToken,
          post_logout_redirect_uri: `${ctx.origins.client}/`,
        }).toString();
        return reply.redirect(url.toString(), 303);
      }
      return reply.redirect('/', 303);
    });

    // The SPA demo client's redirect target: a page that shows what arrived (the implicit grant puts tokens in the fragment).
    app.get('/spa/callback', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          page(
            '<h1>Lab Notes (SPA)</h1><p>Anything after <code>#</code> in this address stays in the browser: history, extensions and scripts on this page can read it.</p>',
          ),
        ),
    );
  };
}
