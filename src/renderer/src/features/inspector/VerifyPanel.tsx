import { useState } from 'react';
import { verifyWithTrace, type KeyInput, type VerificationTrace } from '../../../../common/jwt-inspect';
import { useStore } from '../../store';

export type KeyKind = 'secret-text' | 'secret-base64' | 'pem' | 'jwk' | 'jwks';

const KEY_KINDS: Array<{ kind: KeyKind; label: string }> = [
  { kind: 'secret-text', label: 'Secret as text (UTF-8 bytes)' },
  { kind: 'secret-base64', label: 'Secret as base64 / base64url bytes' },
  { kind: 'pem', label: 'PEM public key or certificate' },
  { kind: 'jwk', label: 'JWK (JSON)' },
  { kind: 'jwks', label: 'JWKS (JSON)' },
];

export function keyInputOf(kind: KeyKind, text: string): KeyInput {
  switch (kind) {
    case 'secret-text':
      return { kind: 'secret', secret: text, encoding: 'text' };
    case 'secret-base64':
      return { kind: 'secret', secret: text, encoding: 'base64' };
    case 'pem':
      return { kind: 'pem', pem: text };
    case 'jwk':
      return { kind: 'jwk', json: text };
    case 'jwks':
      return { kind: 'jwks', json: text };
  }
}

/** Verifies the inspected token with a key the learner chooses, and shows each check as a step. */
export function VerifyPanel({ token, nowMs }: { token: string; nowMs: number }) {
  const [kind, setKind] = useState<KeyKind>('jwks');
  const [secret, setSecret] = useState('');
  const jwks = useStore((s) => s.inspectorJwks);
  const setJwks = useStore((s) => s.setInspectorJwks);
  const loadLabJwks = useStore((s) => s.loadLabJwks);
  const appOrigin = useStore((s) => s.meta?.origins.app ?? '');
  const [issuer, setIssuer] = useState('');
  const [audience, setAudience] = useState('');
  const [trace, setTrace] = useState<VerificationTrace | null>(null);
  const keyText = kind === 'jwks' ? jwks : secret;

  const verify = async () => {
    setTrace(
      await verifyWithTrace(token, keyInputOf(kind, keyText), {
        nowMs,
        issuer: issuer || undefined,
        audience: audience || undefined,
      }),
    );
  };

  return (
    <section className="card" aria-labelledby="verify-title" data-lab-step="verify">
      <h2 id="verify-title">Verify</h2>
      <fieldset>
        <legend>Key</legend>
        {KEY_KINDS.map((k) => (
          <label key={k.kind} className="inline" style={{ display: 'block' }}>
            <input type="radio" name="key-kind" checked={kind === k.kind} onChange={() => setKind(k.kind)} /> {k.label}
          </label>
        ))}
      </fieldset>
      {kind.startsWith('secret') && (
        <p className="muted small-text">
          The same characters give different keys: “text” HMACs with the characters’ UTF-8 bytes, “base64” with the
          bytes they encode. Mixing the two up is why a correct secret can still fail.
        </p>
      )}
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
      <div className="row">
        {kind === 'jwks' && (
          <button type="button" className="small" onClick={() => void loadLabJwks()}>
            Load the lab’s /.well-known/jwks.json
          </button>
        )}
        <button type="button" className="small" onClick={() => setIssuer(appOrigin)}>
          Expect the lab issuer
        </button>
        <button type="button" className="small" onClick={() => setAudience('authlab-api')}>
          Expect the lab audience
        </button>
      </div>
      <div className="row">
        <label>
          Expected iss <input type="text" value={issuer} onChange={(e) => setIssuer(e.target.value)} />
        </label>
        <label>
          Expected aud <input type="text" value={audience} onChange={(e) => setAudience(e.target.value)} />
        </label>
      </div>
      <button type="button" onClick={() => void verify()} disabled={!token.trim()}>
        Verify signature and claims
      </button>
      {trace && (
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
      )}
    </section>
  );
}
