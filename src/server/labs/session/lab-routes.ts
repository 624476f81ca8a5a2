import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { SESSION_COOKIE, type SessionCookieSigner } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { escapeHtml, page } from '../../core/html-page';
import { StringEnum, errorResponses, isoTime } from '../../../common/schemas/common';
import { cookieFingerprint } from './attacker';
import {
  ABSOLUTE_LIFETIME_MS,
  IDLE_TIMEOUT_MS,
  REMEMBER_ME_LIFETIME_MS,
  SESSION_ID_PATTERN,
  cookieAttributesFor,
  describeCookie,
} from './policy';
import { CookieReport, ReplayResult, SessionHandle } from './schemas';
import type { SessionServices } from './services';

const iso = isoTime;

/**
 * The legacy page is where the fixation attack's pop-up ends (another site
 * opened it, so the lab page cannot close it). Its one inline script closes
 * the window; the CSP allows exactly that script, by hash (CSP3 'sha256-…').
 */
export const CLOSE_WINDOW_SCRIPT = 'setTimeout(function () { window.close(); }, 1500);';
export const CLOSE_WINDOW_SOURCE = `'sha256-${createHash('sha256').update(CLOSE_WINDOW_SCRIPT).digest('base64')}'`;

/**
 * Lab tooling around the session lab: a report of the cookie and session row
 * (the renderer cannot read an HttpOnly cookie), the legacy URL entry point
 * that the fixation attack needs, and the controls of the simulated attacker.
 * These routes sit outside @fastify/session's scope and authenticate nothing;
 * they answer no-store, as every lab control does.
 */
export const sessionLabRoutes =
  (ctx: LabContext, lab: SessionServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { store, attacker } = lab;
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get(
      '/api/lab/session/cookie',
      {
        schema: {
          tags: ['session'],
          summary:
            'Lab view: the session cookie this browser sent, the attributes it was issued with, and its server row',
          response: { 200: CookieReport },
        },
      },
      async (request) => cookieReport(ctx, lab, request),
    );

    app.get(
      '/api/lab/session/rows/:handle',
      {
        schema: {
          tags: ['session'],
          summary: 'Lab view: is the session row with this handle still on the server? (watch logout delete it)',
          params: Type.Object({ handle: SessionHandle }),
          response: {
            200: Type.Object({ handle: Type.String(), onServer: Type.Boolean() }),
            ...errorResponses(400),
          },
        },
      },
      async (request) => ({ handle: request.params.handle, onServer: store.hasHandle(request.params.handle) }),
    );

    // Answers an HTML page, not JSON.
    app.get(
      '/api/session/legacy/enter',
      {
        schema: {
          tags: ['session'],
          summary:
            'DELIBERATELY VULNERABLE legacy entry point: adopts a session id from the URL (the fixation lab\u2019s planting vector)',
          querystring: Type.Object(
            { sid: Type.String({ pattern: SESSION_ID_PATTERN.source }) },
            { additionalProperties: false },
          ),
          response: errorResponses(400, 409),
        },
      },
      async (request, reply) => enterFromLink(ctx, lab, request.query.sid, request, reply),
    );

    app.post(
      '/api/lab/session/attacker/copy-cookie',
      {
        schema: {
          tags: ['session'],
          summary: 'Lab control: give the simulated attacker a copy of the session cookie this browser sent',
          response: {
            200: Type.Object({ copied: Type.Boolean(), fingerprint: Type.Optional(Type.String()) }),
          },
        },
      },
      async (request) => {
        const raw = request.cookies[SESSION_COOKIE];
        attacker.copied = raw;
        return raw ? { copied: true, fingerprint: cookieFingerprint(raw) } : { copied: false };
      },
    );

    app.post(
      '/api/lab/session/attacker/replay',
      {
        schema: {
          tags: ['session'],
          summary: 'Lab control: the attacker sends GET /api/session/me with a planted, copied or stolen cookie',
          body: Type.Object(
            {
              source: StringEnum(['planted', 'copied', 'stolen']),
              cookie: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ReplayResult, ...errorResponses(400, 409) },
        },
      },
      async (request) => {
        const { source, cookie } = request.body;
        const value = source === 'stolen' ? cookie : source === 'planted' ? attacker.planted : attacker.copied;
        if (!value) throw new LabError(409, 'conflict', `The attacker has no ${source} cookie yet.`);
        return attacker.replay(value);
      },
    );
  };

/** The session cookie this browser sent, unsigned: the id only when its signature holds. */
function unsignedId(signer: SessionCookieSigner, request: FastifyRequest) {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return { raw: undefined, id: undefined, valid: false };
  const result = signer.unsign(raw);
  return { raw, id: result.valid ? (result.value ?? undefined) : undefined, valid: result.valid };
}

/** The cookie report: the cookie as sent, the attributes it was issued with, and its server row. */
function cookieReport(ctx: LabContext, lab: SessionServices, request: FastifyRequest): Static<typeof CookieReport> {
  const { raw, id, valid } = unsignedId(lab.signer, request);
  const row = id ? lab.store.findAny(id) : undefined;
  const user = row?.userId ? ctx.users.findById(row.userId) : undefined;
  const idleOn = ctx.toggles.isOn('session.idleTimeout');
  return {
    policy: {
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      idleTimeoutOn: idleOn,
      absoluteLifetimeMs: ABSOLUTE_LIFETIME_MS,
      rememberMeLifetimeMs: REMEMBER_ME_LIFETIME_MS,
    },
    cookie: raw ? { present: true, signatureValid: valid, fingerprint: cookieFingerprint(raw) } : { present: false },
    session: row
      ? {
          handle: row.handle,
          status: lab.store.expiryOf(row) ?? ('live' as const),
          user: user ? { email: user.email, role: user.role } : null,
          createdAt: iso(row.createdAt),
          lastSeenAt: iso(row.lastSeenAt),
          idleExpiresAt: idleOn ? iso(Math.min(row.lastSeenAt + IDLE_TIMEOUT_MS, row.absoluteExpiresAt)) : null,
          absoluteExpiresAt: iso(row.absoluteExpiresAt),
          rememberMe: row.rememberMe,
          userAgent: row.userAgent,
          adoptedFromUrl: row.data.adoptedFromUrl === true,
          issuedCookie: row.data.issuedCookie ?? null,
          // The session's data as the server holds it, minus its CSRF token: this view needs no login.
          data: { ...row.data, csrfToken: undefined },
        }
      : null,
  };
}

/** The legacy entry point's handler: adopts the link's session id, answers a page. */
function enterFromLink(
  ctx: LabContext,
  lab: SessionServices,
  sid: string,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  // The vulnerability this lab needs: like old `;jsessionid=` URL rewriting, it
  // takes a session id from a link and makes it this browser's session. OWASP
  // says never accept ids from URLs; the defence under test is what happens at
  // login, where `session.regenerateOnLogin` throws the planted id away.
  // A link must never replace a signed-in session (that would log the
  // victim out and strand their session row): only anonymous browsers are planted.
  const current = unsignedId(lab.signer, request);
  if (current.valid && current.id && lab.store.findLive(current.id)?.userId) {
    throw new LabError(409, 'conflict', 'You are signed in; a session link cannot replace your session.');
  }
  const existing = lab.store.findLive(sid);
  if (existing?.userId) throw new LabError(409, 'conflict', 'That session is already signed in.');
  if (!existing) {
    const now = ctx.clock.nowMs();
    lab.store.write(sid, {
      createdAt: now,
      absoluteExpiresAt: now + ABSOLUTE_LIFETIME_MS,
      adoptedFromUrl: true,
      userAgent: String(request.headers['user-agent'] ?? 'unknown').slice(0, 200),
    });
  }
  const cookie = cookieAttributesFor(ctx, request, false);
  reply.setCookie(SESSION_COOKIE, lab.signer.sign(sid), {
    path: cookie.path,
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    ...(cookie.sameSite ? { sameSite: cookie.sameSite } : {}),
  });
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp === 'string')
    reply.header(
      'content-security-policy',
      csp.replace("script-src 'self'", `script-src 'self' ${CLOSE_WINDOW_SOURCE}`),
    );
  return reply
    .type('text/html; charset=utf-8')
    .send(
      page(
        'Welcome back',
        `<h1>Welcome back</h1><p id="legacy-result">Your session was restored from the link.</p><p>Cookie issued: <code>${escapeHtml(describeCookie(cookie))}</code></p><p><a href="/#/session-lab">Go to the Session lab</a></p><p>A window the attack opened closes itself in a moment.</p><script>${CLOSE_WINDOW_SCRIPT}</script>`,
      ),
    );
}
