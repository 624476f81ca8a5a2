import { useEffect, useMemo, useRef, useState } from 'react';
import {
  decodeToken,
  keyInputOf,
  verifyWithTrace,
  type KeyKind,
  type VerificationTrace,
} from '../../../../common/jwt-inspect';
import { useStore } from '../../store';
import { IssuerPresets } from './IssuerPresets';

const KEY_KINDS: Array<{ kind: KeyKind; label: string; fits: 'hmac' | 'public' | 'both' }> = [
  { kind: 'secret-text', label: 'Secret as text (UTF-8 bytes)', fits: 'hmac' },
  { kind: 'secret-base64', label: 'Secret as base64 / base64url bytes', fits: 'hmac' },
  { kind: 'pem', label: 'PEM public key or certificate', fits: 'public' },
  { kind: 'jwk', label: 'JWK (JSON)', fits: 'both' },
  { kind: 'jwks', label: 'JWKS (JSON)', fits: 'public' },
];

/** Runs every check for one set of inputs: [token, key kind, key text, expected iss, expected aud]. */
function check(inputs: string, nowMs: number): Promise<VerificationTrace> {
  const [token, kind, keyText, issuer, audience] = JSON.parse(inputs) as [string, KeyKind, string, string, string];
  return verifyWithTrace(token, keyInputOf(kind, keyText), {
    nowMs,
    issuer: issuer || undefined,
    audience: audience || undefined,
  });
}

/** A result remembers exactly what it checked, so it is shown only while that is still on screen. */
interface CheckedResult {
  inputs: string;
  trace: VerificationTrace;
}

/** The kind of key to verify with, and which kinds fit the token's alg. */
function KeyKindPicker({ alg }: { alg: string }) {
  const kind = useStore((s) => s.inspectorKeyKind);
  const setKind = useStore((s) => s.setInspectorKeyKind);
  const hmac = alg.startsWith('HS');
  const fitting = (fits: 'hmac' | 'public' | 'both') => !alg || fits === 'both' || (fits === 'hmac') === hmac;
  return (
    <>
      <fieldset>
        <legend>Key{alg && ` for ${alg}`}</legend>
        {KEY_KINDS.map((k) => (
          <label key={k.kind} className={`inline key-kind${fitting(k.fits) ? '' : ' muted'}`}>
            <input type="radio" name="key-kind" checked={kind === k.kind} onChange={() => setKind(k.kind)} /> {k.label}
          </label>
        ))}
      </fieldset>
      <p className="muted small-text" data-testid="key-advice">
        {!alg
          ? 'Choose the kind of key the issuer uses.'
          : hmac
            ? `${alg} is HMAC: verify with the same shared secret that signed it (or an oct JWK).`
            : `${alg} is a signature: verify with the issuer’s public key, usually from its JWKS.`}{' '}
        {kind.startsWith('secret') &&
          'The same characters give different keys: “text” HMACs with their UTF-8 bytes, “base64” with the bytes they encode.'}
      </p>
    </>
  );
}

/** Each check of one verification as a step, and a warning for a short HMAC secret. */
function VerifyResult({ trace }: { trace: VerificationTrace }) {
  return (
    <div role="status" data-testid="verify-result">
      <p className={trace.accepted ? 'ok' : 'error'}>
        {trace.accepted ? 'Accepted: every check passed.' : 'Rejected: see the failing step.'}
      </p>
      <ol className="trace">
        {trace.steps.map((step, i) => (
          <li key={i} className={step.ok ? 'pass' : 'fail'}>
            <strong>
              {step.ok ? '✓' : '✗'} {step.check}
            </strong>{' '}
            — {step.detail}
          </li>
        ))}
      </ol>
      {trace.warnings
        .filter((w) => w.code === 'short_secret')
        .map((w) => (
          <p key={w.code} className="error">
            {w.message}
          </p>
        ))}
    </div>
  );
}

/**
 * Verifies the inspected token with a key the learner chooses and shows each
 * check as a step. With a key given it checks again as token or key change
 * (like jwt.io), and a result is never shown for a token or key no longer on
 * screen. The page remounts this panel for each new token, so the expected
 * iss/aud start empty for it instead of silently carrying over.
 */
export function VerifyPanel({ token, nowMs }: { token: string; nowMs: number }) {
  const kind = useStore((s) => s.inspectorKeyKind);
  const secret = useStore((s) => s.inspectorKeyText);
  const setSecret = useStore((s) => s.setInspectorKeyText);
  const jwks = useStore((s) => s.inspectorJwks);
  const setJwks = useStore((s) => s.setInspectorJwks);
  const [issuer, setIssuer] = useState('');
  const [audience, setAudience] = useState('');
  const [result, setResult] = useState<CheckedResult | null>(null);
  const keyText = kind === 'jwks' ? jwks : secret;
  const inputs = JSON.stringify([token, kind, keyText, issuer, audience]);
  const clock = useRef(nowMs);
  const latest = useRef(inputs);
  useEffect(() => {
    clock.current = nowMs;
    latest.current = inputs;
  });
  const { alg, payload } = useMemo(() => {
    const decoded = decodeToken(token);
    if (!decoded.ok) return { alg: '', payload: {} as Record<string, unknown> };
    const { header, payload } = decoded.token;
    return { alg: typeof header.alg === 'string' ? header.alg : '', payload };
  }, [token]);

  // Only the answer for what is on screen now is kept; a slower, older check is dropped.
  const verify = (checked: string) =>
    void check(checked, clock.current).then((trace) => {
      if (latest.current === checked) setResult({ inputs: checked, trace });
    });

  // Check again as the learner types, once a key is there to check with.
  useEffect(() => {
    if (!(JSON.parse(inputs) as string[])[2]!.trim()) return;
    const timer = window.setTimeout(
      () =>
        void check(inputs, clock.current).then((trace) => {
          if (latest.current === inputs) setResult({ inputs, trace });
        }),
      150,
    );
    return () => window.clearTimeout(timer);
  }, [inputs]);

  const current = result?.inputs === inputs ? result.trace : null;

  return (
    <section className="card" aria-labelledby="verify-title" data-lab-step="verify">
      <h2 id="verify-title">Verify</h2>
      <KeyKindPicker alg={alg} />
      <label>
        {kind === 'jwks' ? 'JWKS JSON' : 'Key'}
        <textarea
          className="token-textarea"
          value={keyText}
          onChange={(e) => (kind === 'jwks' ? setJwks(e.target.value) : setSecret(e.target.value))}
          spellCheck={false}
          aria-label={kind === 'jwks' ? 'JWKS JSON' : 'Verification key'}
        />
      </label>
      <IssuerPresets token={token} keyKind={kind} setIssuer={setIssuer} setAudience={setAudience} />
      <div className="row">
        <label>
          Expected iss <input type="text" value={issuer} onChange={(e) => setIssuer(e.target.value)} />
        </label>
        <label>
          Expected aud <input type="text" value={audience} onChange={(e) => setAudience(e.target.value)} />
        </label>
      </div>
      {(!issuer || !audience) && (payload.iss !== undefined || payload.aud !== undefined) && (
        <p className="muted small-text" data-testid="claims-not-checked">
          Not checked: {[!issuer && 'iss', !audience && 'aud'].filter(Boolean).join(' and ')}. Type the value this API
          expects (each new token starts with none).
        </p>
      )}
      <button type="button" onClick={() => verify(inputs)} disabled={!token.trim()}>
        Verify signature and claims
      </button>
      {current ? (
        <VerifyResult trace={current} />
      ) : (
        result && (
          <p className="muted" role="status" data-testid="verify-stale">
            The token or key changed since the last check{keyText.trim() ? ': checking again…' : '.'}
          </p>
        )
      )}
    </section>
  );
}
