import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import { isSecureContext } from '../../core/secure-context';

/** Idle timeout and absolute lifetimes, measured on the lab clock (OWASP ASVS 5.0 V7.3.1, V7.3.2). */
export const IDLE_TIMEOUT_MS = 15 * 60_000;
export const ABSOLUTE_LIFETIME_MS = 8 * 3600_000;
export const REMEMBER_ME_LIFETIME_MS = 30 * 24 * 3600_000;
/**
 * Signed-in sessions one user may hold at once; a new login past it ends the
 * oldest, so a script logging in thousands of times cannot grow the table or
 * the "your sessions" list without bound (ASVS 5.0 V7.1.2 asks to document
 * how many parallel sessions an account may have).
 */
export const MAX_SESSIONS_PER_USER = 20;

/** A session id is 32 bytes from the CSPRNG, 256 bits, base64url (ASVS 5.0 V7.2.3 asks for at least 128). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type SameSite = 'lax' | 'none' | null;

export interface IssuedCookie {
  name: string;
  path: '/';
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
  /** Set only for "remember me": a persistent cookie. Otherwise the browser drops it when it closes. */
  maxAgeSeconds: number | null;
}

/**
 * The cookie attributes the toggles ask for. No Domain attribute (host-only)
 * and Path=/ (SECURITY.md, Sessions). SameSite=None is only accepted by
 * browsers together with Secure, which is why the vulnerable setting needs a
 * secure context; elsewhere the attribute is left out.
 */
export function cookieAttributesFor(ctx: LabContext, request: FastifyRequest, rememberMe: boolean): IssuedCookie {
  const secure = isSecureContext(request);
  return {
    name: SESSION_COOKIE,
    path: '/',
    httpOnly: ctx.toggles.isOn('session.httpOnly'),
    secure,
    sameSite: ctx.toggles.isOn('session.sameSite') ? 'lax' : secure ? 'none' : null,
    maxAgeSeconds: rememberMe ? REMEMBER_ME_LIFETIME_MS / 1000 : null,
  };
}

/** The Set-Cookie header as issued, with the value left out: what the report route shows. */
export function describeCookie(cookie: IssuedCookie): string {
  return [
    `${cookie.name}=<signed session id>`,
    `Path=${cookie.path}`,
    cookie.maxAgeSeconds ? `Expires=<issue time + ${cookie.maxAgeSeconds / 86_400} days>` : null,
    cookie.httpOnly ? 'HttpOnly' : null,
    cookie.secure ? 'Secure' : null,
    cookie.sameSite ? `SameSite=${cookie.sameSite === 'lax' ? 'Lax' : 'None'}` : null,
  ]
    .filter(Boolean)
    .join('; ');
}
