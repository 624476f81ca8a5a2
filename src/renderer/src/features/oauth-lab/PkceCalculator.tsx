import { useEffect, useState } from 'react';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/**
 * Recomputes the challenge in this window, with WebCrypto, from the verifier
 * of the real run: SHA-256 of the ASCII verifier, then base64url without
 * padding (RFC 7636 §4.2).
 */
export function PkceCalculator({ verifier, challenge }: { verifier: string; challenge: string }) {
  const [digest, setDigest] = useState<Uint8Array | null>(null);
  useEffect(() => {
    let live = true;
    void crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then((buffer) => {
      if (live) setDigest(new Uint8Array(buffer));
    });
    return () => {
      live = false;
    };
  }, [verifier]);
  const computed = digest ? base64url(digest) : '';
  const hex = digest ? [...digest].map((b) => b.toString(16).padStart(2, '0')).join(' ') : '…';
  return (
    <ol className="pkce-steps small-text" data-testid="pkce-calculator">
      <li>
        <strong>code_verifier</strong> (kept by Your App): <code className="wrap">{verifier}</code>
      </li>
      <li>
        <strong>SHA-256</strong> of its ASCII bytes: <code className="wrap">{hex}</code>
      </li>
      <li>
        <strong>base64url</strong>, no padding = code_challenge: <code className="wrap">{computed || '…'}</code>
      </li>
      <li>
        The challenge Lab ID received: <code className="wrap">{challenge}</code>{' '}
        {computed && (computed === challenge ? <span className="ok-text">✓ same</span> : <span>✗ different</span>)}
      </li>
    </ol>
  );
}
