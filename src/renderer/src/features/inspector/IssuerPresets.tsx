import { useMemo, useState } from 'react';
import { decodeToken, recogniseToken, type KeyKind, type TokenKind } from '../../../../common/jwt-inspect';
import { api, errorMessage } from '../../api/client';
import { useStore } from '../../store';

const KIND_TEXT: Record<TokenKind['kind'], string> = {
  'id-token': 'ID token',
  'access-token': 'access token',
  unknown: 'token',
};
const ISSUER_TEXT: Record<TokenKind['issuer'], string> = {
  'lab-id': 'Lab ID (the OAuth lab)',
  'jwt-lab': 'the JWT lab',
  other: 'an issuer this lab does not run',
};

/** What the token is and who made it, from its header and claims and the lab's two issuers. */
export function useTokenKind(token: string): TokenKind | null {
  const origins = useStore((s) => s.meta?.origins);
  return useMemo(() => {
    const decoded = decodeToken(token);
    if (!decoded.ok || !origins) return null;
    return recogniseToken(decoded.token, { labId: origins.idp, jwtLab: origins.app });
  }, [token, origins]);
}

/** "A Lab ID (the OAuth lab) ID token: it carries nonce …". */
export function TokenKindNote({ kind }: { kind: TokenKind }) {
  return (
    <p className="small-text" data-testid="token-kind">
      <strong>
        {kind.kind === 'unknown' ? 'Kind not told' : `An ${KIND_TEXT[kind.kind]}`}, from {ISSUER_TEXT[kind.issuer]}
      </strong>
      : {kind.because}.
      {kind.kind === 'id-token' &&
        ' An ID token tells the client who signed in; it is not for calling an API (that is the access token’s job).'}
    </p>
  );
}

/** The demo client an ID token is for: the one its aud names, else Your App. */
async function idTokenAudience(token: string): Promise<string> {
  const { clients } = await api('GET /api/lab/oauth/clients');
  const decoded = decodeToken(token);
  const aud = decoded.ok ? [decoded.token.payload.aud].flat() : [];
  return (clients.find((c) => aud.includes(c.clientId)) ?? clients.find((c) => c.kind === 'web'))?.clientId ?? '';
}

/**
 * One click to fill in what the token's own issuer publishes: its JWKS, its
 * issuer and the audience a verifier of that kind of token expects. A Lab ID
 * token is checked against Lab ID's keys, never the JWT lab's.
 */
export function IssuerPresets(props: {
  token: string;
  keyKind: KeyKind;
  setIssuer: (iss: string) => void;
  setAudience: (aud: string) => void;
}) {
  const { token, keyKind, setIssuer, setAudience } = props;
  const kind = useTokenKind(token);
  const origins = useStore((s) => s.meta?.origins);
  const loadLabJwks = useStore((s) => s.loadLabJwks);
  const [problem, setProblem] = useState<string | null>(null);
  const labId = kind?.issuer === 'lab-id';
  const fill = (work: () => Promise<void>) => {
    setProblem(null);
    void work().catch((error: unknown) => setProblem(errorMessage(error)));
  };
  if (!labId) {
    return (
      <div className="row">
        {keyKind === 'jwks' && (
          <button type="button" className="small" onClick={() => void loadLabJwks('jwt-lab')}>
            Load the lab’s /.well-known/jwks.json
          </button>
        )}
        <button type="button" className="small" onClick={() => setIssuer(origins?.app ?? '')}>
          Expect the lab issuer
        </button>
        <button type="button" className="small" onClick={() => setAudience('authlab-api')}>
          Expect the lab audience
        </button>
      </div>
    );
  }
  const idToken = kind.kind === 'id-token';
  return (
    <div className="row">
      {keyKind === 'jwks' && (
        <button type="button" className="small" onClick={() => void loadLabJwks('lab-id')}>
          Load Lab ID’s /jwks
        </button>
      )}
      <button type="button" className="small" onClick={() => setIssuer(origins?.idp ?? '')}>
        Expect Lab ID as issuer
      </button>
      <button
        type="button"
        className="small"
        onClick={() =>
          fill(async () =>
            setAudience(idToken ? await idTokenAudience(token) : (await api('GET /api/lab/oauth/clients')).apiAudience),
          )
        }
      >
        {idToken ? 'Expect the client it is for as audience' : 'Expect the OAuth lab’s API as audience'}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
