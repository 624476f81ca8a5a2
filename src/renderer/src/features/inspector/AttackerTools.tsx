import { useMemo, useRef, useState } from 'react';
import {
  decodeToken,
  forgeUnsigned,
  hmacKeyBytes,
  publicKeyPem,
  reencodeToken,
  secretBytes,
  signHs256,
  signWithPublicKeyText,
} from '../../../../common/jwt-inspect';
import { CopyButton } from '../../components/CopyButton';
import { useStore } from '../../store';

function parseObject(text: string, what: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`The ${what} must be a JSON object.`);
  return value as Record<string, unknown>;
}

type Claims = Record<string, unknown>;
/** Makes a token from the edited header and payload, and says how it was made. */
type Forge = (how: string, make: (header: Claims, payload: Claims) => Promise<string> | string) => Promise<void>;

/** The three forgeries: re-sign with a secret you know, strip the signature, sign with the public key. */
function ForgeControls({ forge }: { forge: Forge }) {
  const [secret, setSecret] = useState('');
  const [secretIsBase64, setSecretIsBase64] = useState(false);
  const jwks = useStore((s) => s.inspectorJwks);
  const loadLabJwks = useStore((s) => s.loadLabJwks);
  return (
    <div className="row">
      <label>
        HS256 secret{' '}
        <input
          type="text"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-label="HS256 secret for re-signing"
        />
      </label>
      <label className="inline">
        <input type="checkbox" checked={secretIsBase64} onChange={(e) => setSecretIsBase64(e.target.checked)} /> secret
        is base64
      </label>
      <button
        type="button"
        className="small"
        onClick={() =>
          void forge('Re-signed with HS256 and your secret.', (h, p) =>
            signHs256(h, p, secretBytes(secret, secretIsBase64 ? 'base64' : 'text')),
          )
        }
      >
        Re-sign HS256
      </button>
      <button
        type="button"
        className="small"
        onClick={() => void forge('Unsigned: alg "none", empty signature.', (h, p) => forgeUnsigned(h, p))}
      >
        Forge alg none
      </button>
      <button
        type="button"
        className="small"
        onClick={() =>
          void forge('HS256 with the server’s public key (from the JWKS) as the HMAC secret.', async (h, p) => {
            const source = jwks || (await loadLabJwks());
            return signWithPublicKeyText(h, p, await publicKeyPem({ kind: 'jwks', json: source }, h.kid));
          })
        }
      >
        Sign HS256 with the public key
      </button>
    </div>
  );
}

/** A forged token, and what the lab API says to it. */
function ForgedToken({ output }: { output: { token: string; how: string } }) {
  const setInspectorToken = useStore((s) => s.setInspectorToken);
  const tryToken = useStore((s) => s.tryTokenOnLab);
  const tried = useStore((s) => s.inspectorTry);
  return (
    <div data-testid="forged-token">
      <p className="muted">{output.how}</p>
      <pre>{output.token}</pre>
      <div className="row">
        <CopyButton value={output.token} label="forged token" />
        <button type="button" className="small" onClick={() => setInspectorToken(output.token)}>
          Inspect the forged token
        </button>
        <button type="button" className="small" onClick={() => void tryToken('/api/jwt/me', output.token)}>
          Try on GET /api/jwt/me
        </button>
        <button type="button" className="small" onClick={() => void tryToken('/api/jwt/admin', output.token)}>
          Try on GET /api/jwt/admin
        </button>
      </div>
      {tried && (
        <p className={tried.status === 200 ? 'error' : 'ok'} role="status" data-testid="forged-try">
          GET {tried.path} → {tried.status}{' '}
          <code className="small-text">{JSON.stringify(tried.body).slice(0, 160)}</code>
          {tried.status === 200 ? ' — the lab accepted the forgery.' : ' — refused.'}
        </p>
      )}
    </div>
  );
}

/** The dictionary attack on an HS256 secret, offline against the one token. */
function CrackSecret({ alg }: { alg: unknown }) {
  const crack = useStore((s) => s.inspectorCrack);
  const crackToken = useStore((s) => s.crackInspectorToken);
  const cancelCrack = useStore((s) => s.cancelCrack);
  const pct = crack.progress ? Math.round((crack.progress.tried / crack.progress.total) * 100) : 0;
  return (
    <div data-lab-step="crack">
      <h3>Crack a weak HS256 secret</h3>
      <p className="muted">Tries every word of the shipped dictionary against this one token, offline.</p>
      <div className="row">
        <button
          type="button"
          className="small"
          disabled={crack.running || alg !== 'HS256'}
          onClick={() => void crackToken()}
        >
          Crack secret
        </button>
        {crack.running && (
          <button type="button" className="small" onClick={cancelCrack}>
            Stop
          </button>
        )}
        {alg !== 'HS256' && <span className="muted small-text">Only HS256 tokens can be cracked this way.</span>}
      </div>
      {(crack.running || crack.progress) && (
        <label>
          Tried {crack.progress?.tried ?? 0} of {crack.progress?.total ?? '…'} words
          <progress className="progress" max={100} value={pct} aria-label="Cracking progress" />
        </label>
      )}
      {crack.secret !== undefined && (
        <p className={crack.secret === null ? 'ok' : 'error'} role="status" data-testid="crack-result">
          {crack.secret === null
            ? 'Not found: the secret is not a dictionary word.'
            : `Cracked! The secret is "${crack.secret}".`}
        </p>
      )}
      {crack.error && <p className="error">{crack.error}</p>}
    </div>
  );
}

/** What an attacker does with a token: edit and re-sign, strip the signature, confuse the key, crack the secret. */
export function AttackerTools({ token }: { token: string }) {
  const decoded = useMemo(() => decodeToken(token), [token]);
  // The page remounts this panel for each new token (not for these live edits), so the editors start from it.
  const [headerText, setHeaderText] = useState(() => (decoded.ok ? JSON.stringify(decoded.token.header, null, 2) : ''));
  const [payloadText, setPayloadText] = useState(() =>
    decoded.ok ? JSON.stringify(decoded.token.payload, null, 2) : '',
  );
  const [output, setOutput] = useState<{ token: string; how: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editToken = useStore((s) => s.editInspectorToken);
  const keyKind = useStore((s) => s.inspectorKeyKind);
  const keyText = useStore((s) => s.inspectorKeyText);
  const [live, setLive] = useState<{ ok: boolean; text: string } | null>(null);
  const edits = useRef(0);

  if (!decoded.ok) return null;
  const signature = decoded.token.segments.signature;

  // Live editing (like jwt.io): every valid edit becomes the inspected token,
  // signed again when Verify holds an HMAC secret for the header's HS* alg.
  const edit = async (nextHeader: string, nextPayload: string) => {
    const id = ++edits.current;
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      header = parseObject(nextHeader, 'header');
      payload = parseObject(nextPayload, 'payload');
    } catch (e) {
      setLive({ ok: false, text: `Not applied yet: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    const next = await reencodeToken(header, payload, signature, hmacKeyBytes(keyKind, keyText));
    if (id !== edits.current) return;
    editToken(next.token);
    setLive({
      ok: next.resigned,
      text: next.resigned
        ? `Token above updated and signed again with the ${String(header.alg)} secret from Verify.`
        : 'Token above updated with its old signature, which no longer matches. Give Verify the HMAC secret to sign as you type.',
    });
  };

  const forge: Forge = async (how, make) => {
    try {
      setError(null);
      setOutput({ token: await make(parseObject(headerText, 'header'), parseObject(payloadText, 'payload')), how });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="card" aria-labelledby="attacker-title">
      <div data-lab-step="alg-none key-confusion">
        <h2 id="attacker-title">Attacker tools</h2>
        <p className="muted">
          Edit header or payload: the token above follows as you type. Forge a token, then try it on the lab API.
        </p>
        <div className="two-col">
          <label>
            Header JSON
            <textarea
              className="token-textarea"
              value={headerText}
              onChange={(e) => {
                setHeaderText(e.target.value);
                void edit(e.target.value, payloadText);
              }}
              spellCheck={false}
            />
          </label>
          <label>
            Payload JSON
            <textarea
              className="token-textarea"
              value={payloadText}
              onChange={(e) => {
                setPayloadText(e.target.value);
                void edit(headerText, e.target.value);
              }}
              spellCheck={false}
            />
          </label>
        </div>
        {live && (
          <p className={`small-text ${live.ok ? 'ok' : 'muted'}`} role="status" data-testid="live-edit">
            {live.text}
          </p>
        )}
        <ForgeControls forge={forge} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {output && <ForgedToken output={output} />}
      </div>
      <CrackSecret alg={decoded.token.header.alg} />
    </section>
  );
}
