import { useMemo } from 'react';
import { decodeToken, explainClaims, msUntilExpiry, tokenWarnings } from '../../../../common/jwt-inspect';
import { formatDuration } from '../../components/useLabNow';
import { TokenKindNote, useTokenKind } from './IssuerPresets';
import './inspector.css';

/** A token taken apart: its three segments, the decoded JSON, each claim in words, the countdown and warnings. */
export function TokenView({ token, nowMs }: { token: string; nowMs: number }) {
  const decoded = useMemo(() => decodeToken(token), [token]);
  const kind = useTokenKind(token);
  if (!decoded.ok) {
    return (
      <div className="error" role="alert" data-testid="decode-error">
        {decoded.error}
      </div>
    );
  }
  const t = decoded.token;
  const left = msUntilExpiry(t, nowMs);
  const warnings = tokenWarnings(t, nowMs);
  return (
    <div data-testid="token-view">
      {kind && <TokenKindNote kind={kind} />}
      <p className="jwt-segments" aria-label="Token segments">
        <span className="seg-header" title="Header (base64url)">
          {t.segments.header}
        </span>
        .
        <span className="seg-payload" title="Payload (base64url)">
          {t.segments.payload}
        </span>
        .
        <span className="seg-signature" title="Signature (base64url)">
          {t.segments.signature || '(empty: no signature)'}
        </span>
      </p>
      <p>
        {left === null ? (
          <span className="countdown expired">No exp: never expires</span>
        ) : left > 0 ? (
          <span className="countdown" data-testid="expiry-countdown">
            Expires in {formatDuration(left)} {left < 3_600_000 && `${Math.floor((left % 60_000) / 1000)} s`} (lab
            clock)
          </span>
        ) : (
          <span className="countdown expired" data-testid="expiry-countdown">
            Expired {formatDuration(-left)} ago (lab clock)
          </span>
        )}
      </p>
      <div className="two-col">
        <div>
          <h4 className="seg-header">Header</h4>
          <pre data-testid="decoded-header">{JSON.stringify(t.header, null, 2)}</pre>
        </div>
        <div>
          <h4 className="seg-payload">Payload</h4>
          <pre data-testid="decoded-payload">{JSON.stringify(t.payload, null, 2)}</pre>
        </div>
      </div>
      <p className="muted small-text">
        Signature: {t.signatureBytes} bytes. Base64url is an encoding, not encryption: anyone can read this.
      </p>
      <table className="table compact">
        <caption className="muted">Claims</caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Value</th>
            <th scope="col">What it means</th>
          </tr>
        </thead>
        <tbody>
          {explainClaims(t, nowMs, kind?.kind).map((claim) => (
            <tr key={claim.name}>
              <td>
                <code>{claim.name}</code>
              </td>
              <td>
                <code>{JSON.stringify(claim.value)}</code>
                {claim.when && <div className="muted small-text">{claim.when}</div>}
              </td>
              <td>{claim.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {warnings.length > 0 && (
        <ul className="warning-list" aria-label="Warnings" data-testid="token-warnings">
          {warnings.map((w, i) => (
            <li key={`${w.code}-${i}`} className={w.level}>
              <strong>{w.level === 'danger' ? 'Danger' : 'Warning'}:</strong> {w.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
