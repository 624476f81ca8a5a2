import { decodeToken } from '../../../../common/jwt-inspect';
import { isAccessAlgorithm, type AccessAlgorithm } from '../../../../common/schemas/jwt';
import { LabError } from '../../../core/errors';
import { cannotRun, type AttackRunContext } from '../../attack-kit';
import { demoVictim, signInVictim } from '../../../core/demo-sign-in';

type Outcome = { succeeded: boolean; summary: string };

const parse = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** The victim signs in to the JWT lab; returns their access token, decoded, and the browser holding the refresh cookie. */
export async function victimToken(run: AttackRunContext) {
  const account = demoVictim(run.ctx);
  const browser = run.browser();
  const body = await signInVictim(browser, `${run.ctx.origins.app}/api/jwt/login`, account);
  const token = String(body.accessToken ?? '');
  const decoded = decodeToken(token);
  if (!decoded.ok) throw new LabError(409, 'conflict', `The lab issued a token that does not decode: ${decoded.error}`);
  const { header, payload } = decoded.token;
  run.say(
    `The victim (${account.email}) signed in: a ${String(header.alg)} token with role "${String(payload.role)}".`,
  );
  return { browser, token, header, payload };
}

/** The attacker calls GET <path> with a forged bearer token, from their own machine. */
export async function attackerCalls(run: AttackRunContext, path: string, token: string) {
  const answer = await run.browser().request('GET', `${run.ctx.origins.app}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const error = parse(answer.text).error;
  run.say(`GET ${path} with the forged token → ${answer.status}${typeof error === 'string' ? ` ${error}` : ''}.`);
  return { status: answer.status, error: typeof error === 'string' ? error : undefined };
}

/**
 * The forged admin token against GET /api/jwt/admin: the verdict is the
 * server's answer. Only the verifier's own refusal (401 invalid_token) counts
 * as blocked; anything else (a busy lab's 429, a 5xx) says nothing about the
 * defence.
 */
export async function tryAdmin(run: AttackRunContext, forged: string): Promise<Outcome> {
  const { status, error } = await attackerCalls(run, '/api/jwt/admin', forged);
  if (status === 200) return { succeeded: true, summary: 'The server accepted the forged admin token.' };
  if (status === 401 && error === 'invalid_token') return { succeeded: false, summary: `Refused: ${status} ${error}` };
  throw cannotRun(`GET /api/jwt/admin answered ${status} ${error ?? '?'}, not the verifier's refusal.`);
}

async function rotate(run: AttackRunContext, body: { alg: AccessAlgorithm; compromised?: boolean }) {
  const answer = await run.browser().request('POST', `${run.ctx.origins.app}/api/jwt/keys/rotate`, { json: body });
  if (answer.status !== 200) throw new LabError(409, 'conflict', `Key rotation failed (${answer.status}).`);
}

/**
 * Makes sure the lab signs access tokens with an algorithm the attack needs,
 * rotating to `alg` if not. Returns the algorithm to go back to, or null.
 */
export async function useAccessAlgorithm(
  run: AttackRunContext,
  wanted: (alg: string) => boolean,
  alg: AccessAlgorithm,
): Promise<AccessAlgorithm | null> {
  const keys = await run.browser().request('GET', `${run.ctx.origins.app}/api/lab/jwt/keys`);
  const list = JSON.parse(keys.text) as Array<{ purpose: string; alg: string; weak: boolean; retireAt: string | null }>;
  const current = list.find((k) => k.purpose === 'access' && !k.weak && k.retireAt === null)?.alg;
  if (current && wanted(current)) return null;
  await rotate(run, { alg });
  run.say(`The lab signed with ${current ?? '?'}: rotated to a new ${alg} key for this attack.`);
  return current && isAccessAlgorithm(current) ? current : null;
}

/** Back to the algorithm the lab used; the attack's own key is dropped at once (a "compromised" rotation). */
export async function restoreAccessAlgorithm(run: AttackRunContext, previous: AccessAlgorithm | null): Promise<void> {
  if (!previous) return;
  await rotate(run, { alg: previous, compromised: true });
  run.say(`Rotated the lab back to a ${previous} key and dropped the key made for the attack.`);
}
