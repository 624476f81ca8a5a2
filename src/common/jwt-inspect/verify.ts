import { compactVerify } from 'jose';
import { formatDuration } from './claims';
import { decodeToken } from './decode';
import { importVerifyKey, type KeyInput } from './keys';
import { shortSecretWarning, tokenWarnings, type TokenWarning } from './warnings';

export interface TraceStep {
  check: string;
  ok: boolean;
  detail: string;
}

export interface VerificationTrace {
  accepted: boolean;
  steps: TraceStep[];
  warnings: TokenWarning[];
}

export interface VerifyOptions {
  nowMs: number;
  /** The allow-list. The token's own alg header is never trusted on its own (RFC 8725 §3.1). */
  algorithms?: readonly string[];
  issuer?: string;
  audience?: string;
  leewaySeconds?: number;
}

export const DEFAULT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'ES256',
  'ES384',
  'EdDSA',
];

/**
 * Verifies a token step by step and says why it is accepted or rejected:
 * algorithm, key chosen by kid, signature, then each claim (RFC 7519 §7.2).
 */
export async function verifyWithTrace(
  input: string,
  keyInput: KeyInput,
  options: VerifyOptions,
): Promise<VerificationTrace> {
  const steps: TraceStep[] = [];
  const done = (warnings: TokenWarning[] = []) => ({ accepted: steps.every((s) => s.ok), steps, warnings });
  const decoded = decodeToken(input);
  if (!decoded.ok) {
    steps.push({ check: 'Structure', ok: false, detail: decoded.error });
    return done();
  }
  const token = decoded.token;
  const warnings = tokenWarnings(token, options.nowMs);
  steps.push({ check: 'Structure', ok: true, detail: 'Three base64url parts; header and payload are JSON objects.' });

  const alg = typeof token.header.alg === 'string' ? token.header.alg : '';
  const allowed = options.algorithms ?? DEFAULT_ALGORITHMS;
  if (!allowed.includes(alg)) {
    const why =
      alg.toLowerCase() === 'none' ? 'alg "none" means no signature at all' : `"${alg || '(missing)'}" is not on it`;
    steps.push({ check: 'Algorithm', ok: false, detail: `Allow-list: ${allowed.join(', ')}. Refused: ${why}.` });
    return done(warnings);
  }
  steps.push({ check: 'Algorithm', ok: true, detail: `${alg} is on the allow-list (${allowed.join(', ')}).` });

  let key;
  try {
    const imported = await importVerifyKey(keyInput, alg, token.header.kid);
    key = imported.key;
    steps.push({ check: 'Key', ok: true, detail: `Using ${imported.why}.` });
    if (key instanceof Uint8Array) {
      const short = shortSecretWarning(alg, key.length);
      if (short) warnings.push(short);
    }
  } catch (error) {
    steps.push({ check: 'Key', ok: false, detail: error instanceof Error ? error.message : String(error) });
    return done(warnings);
  }

  try {
    await compactVerify(input.trim().replace(/^Bearer\s+/i, ''), key, { algorithms: [alg] });
    steps.push({ check: 'Signature', ok: true, detail: `The ${alg} signature matches header.payload under this key.` });
  } catch {
    steps.push({
      check: 'Signature',
      ok: false,
      detail: 'The signature does not match: the token was changed, or this is not the key that signed it.',
    });
  }
  steps.push(...claimChecks(token.payload, options));
  return done(warnings);
}

function claimChecks(payload: Record<string, unknown>, options: VerifyOptions): TraceStep[] {
  const leeway = options.leewaySeconds ?? 60;
  const now = Math.floor(options.nowMs / 1000);
  const steps: TraceStep[] = [];
  const { exp, nbf, iat, iss, aud } = payload;
  if (exp === undefined) steps.push({ check: 'exp', ok: false, detail: 'Missing: a token without exp never expires.' });
  else if (typeof exp !== 'number') steps.push({ check: 'exp', ok: false, detail: 'exp must be a number of seconds.' });
  else
    steps.push({
      check: 'exp',
      ok: exp + leeway > now,
      detail:
        exp + leeway > now
          ? `Not expired (exp ${exp} + ${leeway} s leeway > now ${now}).`
          : `Expired ${formatDuration((now - exp) * 1000)} ago (leeway ${leeway} s).`,
    });
  if (nbf !== undefined) {
    const ok = typeof nbf === 'number' && nbf - leeway <= now;
    steps.push({
      check: 'nbf',
      ok,
      detail: ok ? 'Already valid (nbf is past).' : 'Not valid yet, or nbf is not a number.',
    });
  }
  if (iat !== undefined) {
    const ok = typeof iat === 'number' && iat - leeway <= now;
    steps.push({
      check: 'iat',
      ok,
      detail: ok ? 'Issued in the past.' : 'Issued in the future, or iat is not a number.',
    });
  }
  if (options.issuer !== undefined) {
    const ok = iss === options.issuer;
    steps.push({
      check: 'iss',
      ok,
      detail: ok ? `Issuer is ${options.issuer}.` : `Expected issuer ${options.issuer}, got ${JSON.stringify(iss)}.`,
    });
  }
  if (options.audience !== undefined) {
    const list = Array.isArray(aud) ? aud : [aud];
    const ok = list.includes(options.audience);
    steps.push({
      check: 'aud',
      ok,
      detail: ok
        ? `Audience includes ${options.audience}.`
        : `Expected audience ${options.audience}, got ${JSON.stringify(aud)}.`,
    });
  }
  return steps;
}
