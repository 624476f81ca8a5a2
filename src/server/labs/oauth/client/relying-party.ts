import type { FastifyReply, FastifyRequest } from 'fastify';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { LabError } from '../../../core/errors';
import { randomToken } from '../../../crypto/random';
import { basicAuth } from '../runs';
import type { OAuthServices } from '../services';

/** Your App's own cookies: names unique across the lab's origins (ports do not separate cookies). */
export const RP_SESSION_COOKIE = 'yourapp_session';
export const RP_LOGIN_COOKIE = 'yourapp_login';
export const RP_CLIENT_ID = 'your-app';
export const RP_SCOPE = 'openid profile email offline_access lab.api';
const RP_SESSION_TTL_MS = 8 * 60 * 60_000;
export const RP_PENDING_TTL_MS = 10 * 60_000;
export const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: false };

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

/** What Your App's routes share: its session, its client authentication and its ID token check. */
export function createRelyingParty(lab: OAuthServices) {
  const { ctx } = lab;
  const clientAuth = () => basicAuth(RP_CLIENT_ID, lab.demoSecret(RP_CLIENT_ID));
  return {
    redirectUri: () => `${ctx.origins.client}/callback`,
    /** The Auth Lab token inspector with this token loaded (the lab shows tokens on purpose; never a refresh token). */
    inspectorLink: (token: string) => `${ctx.origins.app}/#/inspector?token=${encodeURIComponent(token)}`,
    clientAuth,

    sessionOf(request: FastifyRequest): { sid: string; data: RpSession } | undefined {
      const sid = request.cookies[RP_SESSION_COOKIE];
      if (!sid || sid.length > 100) return undefined;
      const data = lab.rp.session<RpSession>(sid, ctx.clock.nowMs());
      return data ? { sid, data } : undefined;
    },

    /**
     * Your App's forms post only from its own pages, on top of SameSite=Lax.
     * Fetch Metadata first: under Referrer-Policy no-referrer a browser sends
     * `Origin: null` even for a same-origin form post (OWASP CSRF cheat sheet).
     */
    sameOrigin(request: FastifyRequest): void {
      const site = request.headers['sec-fetch-site'];
      const ok = site !== undefined ? site === 'same-origin' : request.headers.origin === ctx.origins.client;
      if (!ok) throw new LabError(403, 'forbidden', 'Cross-origin form posts are refused.');
    },

    async tokenRequest(params: Record<string, string>) {
      lab.ensureDemoClients();
      const response = await lab.fetch(`${lab.issuer()}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: clientAuth() },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
    },

    /**
     * OIDC Core §3.1.3.7: signature with Lab ID's published key, iss, aud
     * (this client), exp by the lab clock, and the nonce this browser's
     * login started with. With oauth.validateIdToken off it only decodes.
     */
    async checkIdToken(idToken: string, nonce: string | null): Promise<JWTPayload> {
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
    },

    startSession(reply: FastifyReply, data: RpSession) {
      const sid = randomToken(32);
      lab.rp.createSession(sid, data, ctx.clock.nowMs() + RP_SESSION_TTL_MS);
      reply.setCookie(RP_SESSION_COOKIE, sid, cookieOptions);
    },

    fail: (reply: FastifyReply, error: string) => reply.redirect(`/?error=${encodeURIComponent(error)}`, 303),
  };
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;
