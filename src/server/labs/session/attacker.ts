import { createHash } from 'node:crypto';
import type { LabContext } from '../../core/context';
import { randomToken } from '../../crypto/random';
import { SESSION_COOKIE } from '../../auth/session-cookie';

/** How the attacker's own HTTP client introduces itself in the traffic view. */
export const ATTACKER_USER_AGENT = 'EvilCorp-Bot/1.0 (session lab attacker)';

export const cookieFingerprint = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 12);

/** Reads the session cookie's (decoded) value out of a Set-Cookie header list. */
function sessionCookieFrom(setCookies: string[]): string | undefined {
  for (const header of setCookies) {
    const [pair] = header.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return decodeURIComponent(pair.slice(eq + 1));
  }
  return undefined;
}

/**
 * A cookie value as a browser sends it back: cookie-octets exactly as they
 * were set (RFC 6265 §4.1.1), anything else percent-encoded so it cannot
 * break the header. Encoding more ('+' or '/' of a signature) would send a
 * different string than the victim's browser did.
 */
function asSent(value: string): string {
  return value.replace(/[^\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]/gu, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export interface ReplayResult {
  status: number;
  user: { email: string; role: string } | null;
  error: string | null;
  fingerprint: string;
}

/**
 * The session lab's simulated attacker: what it holds (cookies it planted,
 * copied or stole; per lab, in memory only) and its moves, made over HTTP
 * with its own client, as another machine would.
 */
export class SessionAttacker {
  /** The signed cookie value of the id the attacker planted (session fixation). */
  planted: string | undefined;
  /** A copy of the victim's cookie taken before logout (shared computer, proxy log…). */
  copied: string | undefined;

  constructor(private readonly ctx: LabContext) {}

  /** A lab reset forgets what the attacker holds. */
  forget(): void {
    this.planted = undefined;
    this.copied = undefined;
  }

  /**
   * Step one of session fixation: the attacker picks an id and visits the app's
   * legacy "session id in the URL" entry point itself, which hands back the
   * signed cookie for that id. The attacker keeps it to use after the victim
   * logs in with the same id.
   */
  async prepareFixation(): Promise<{ sid: string; plantUrl: string }> {
    const sid = randomToken(32);
    const plantUrl = `${this.ctx.origins.app}/api/session/legacy/enter?sid=${sid}`;
    const response = await this.ctx.dependencies.fetch(plantUrl, {
      redirect: 'manual',
      headers: { 'user-agent': ATTACKER_USER_AGENT },
    });
    await response.arrayBuffer();
    this.planted = sessionCookieFrom(response.headers.getSetCookie());
    return { sid, plantUrl };
  }

  /**
   * The attacker's move in every session attack: send a request to the app
   * from the attacker's own HTTP client with nothing but the cookie value, and
   * see whose session it is.
   */
  async replay(value: string): Promise<ReplayResult> {
    const response = await this.ctx.dependencies.fetch(`${this.ctx.origins.app}/api/session/me`, {
      headers: { cookie: `${SESSION_COOKIE}=${asSent(value)}`, 'user-agent': ATTACKER_USER_AGENT },
    });
    const body = (await response.json().catch(() => ({}))) as {
      user?: { email: string; role: string };
      error?: string;
    };
    return {
      status: response.status,
      user: body.user ? { email: body.user.email, role: body.user.role } : null,
      error: body.error ?? null,
      fingerprint: cookieFingerprint(value),
    };
  }
}
