import { useState } from 'react';
import { isAccessAlgorithm, type AccessAlgorithm } from '../../../../common/schemas/jwt';
import { useStore } from '../../store';

const ALGS: readonly AccessAlgorithm[] = ['RS256', 'ES256', 'EdDSA', 'HS256'];

/** The lab's signing keys: rotate normally (old key verifies until its tokens expire) or as compromised. */
export function KeysPanel() {
  const keys = useStore((s) => s.jwtKeys);
  const rotate = useStore((s) => s.jwtRotateKey);
  const [alg, setAlg] = useState<AccessAlgorithm>('RS256');
  return (
    <section className="card" aria-labelledby="jwt-keys-title" data-lab-step="key-rotation">
      <h2 id="jwt-keys-title">Signing keys</h2>
      <div className="row">
        <label>
          Algorithm of the new key{' '}
          <select
            className="jwt-select"
            value={alg}
            onChange={(e) => isAccessAlgorithm(e.target.value) && setAlg(e.target.value)}
          >
            {ALGS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <button type="button" className="small" onClick={() => void rotate(false, alg)}>
          Rotate key
        </button>
        <button type="button" className="small" onClick={() => void rotate(true, alg)}>
          Rotate: old key compromised
        </button>
        <a className="small-text" href="/.well-known/jwks.json" target="_blank" rel="noreferrer">
          /.well-known/jwks.json ↗
        </a>
      </div>
      <p className="muted small-text">
        A normal rotation keeps the old key verifying until the last token it signed has expired. A compromised key is
        dropped at once: every token it signed fails now, and clients refresh to get one from the new key.
      </p>
      <table className="table compact" data-testid="jwt-keys">
        <thead>
          <tr>
            <th scope="col">kid</th>
            <th scope="col">For</th>
            <th scope="col">Alg</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.kid}>
              <td>
                <code>{k.kid}</code>
              </td>
              <td>{k.purpose}</td>
              <td>
                {k.alg}
                {k.weak && <span className="chip warn">dictionary secret</span>}
              </td>
              <td>
                {k.retireAt === null ? 'signing' : `verifying until ${new Date(k.retireAt).toLocaleTimeString()}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
