import { useEffect } from 'react';
import { decodeToken } from '../../../../common/jwt-inspect';
import { ACCESS_TOKEN_LEEWAY_S } from '../../../../common/jwt-lab';
import { formatDuration, useLabNow } from '../../components/useLabNow';
import { useStore } from '../../store';
import { TokenView } from '../inspector/TokenView';
import { AttacksPanel } from './AttacksPanel';
import { FamilyGraph } from './FamilyGraph';
import { KeysPanel } from './KeysPanel';
import { CallsPanel, LoginPanel } from './SessionPanel';

/** Bearer access tokens and rotating refresh cookies, end to end, and the attacks on them. */
export function JwtLabPage() {
  const token = useStore((s) => s.jwtAccessToken);
  const families = useStore((s) => s.jwtFamilies);
  const loadState = useStore((s) => s.jwtLoadState);
  const setInspectorToken = useStore((s) => s.setInspectorToken);
  const navigate = useStore((s) => s.navigate);
  const inLocalStorage = useStore((s) => s.meta?.toggles['jwt.accessTokenInMemory'] === false);
  const nowMs = useLabNow();
  useEffect(() => {
    void loadState();
  }, [loadState]);
  return (
    <>
      <h1>JWT lab</h1>
      <p className="lead">
        A 15-minute access token sent as <code>Authorization: Bearer</code>, and a refresh token in an HttpOnly,
        SameSite=Strict cookie that rotates on every use.
      </p>
      <div className="two-col">
        <LoginPanel />
        <CallsPanel />
      </div>
      <section className="card" aria-labelledby="jwt-token-title" data-lab-step="decode countdown">
        <h2 id="jwt-token-title">Access token</h2>
        <p className="muted small-text">
          Kept {inLocalStorage ? 'in localStorage (vulnerable: any script on this page can read it)' : 'in memory only'}
          . The refresh token is never visible here: it is an HttpOnly cookie.
        </p>
        {token ? (
          <>
            <TokenView token={token} nowMs={nowMs} />
            <ServerCountdown token={token} nowMs={nowMs} />
            <button
              type="button"
              className="small"
              onClick={() => {
                setInspectorToken(token);
                navigate('inspector');
              }}
            >
              Open in the token inspector
            </button>
          </>
        ) : (
          <p className="muted" data-testid="no-token">
            No access token: sign in.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="jwt-families-title" data-lab-step="reuse">
        <h2 id="jwt-families-title">Refresh families</h2>
        <FamilyGraph families={families} />
      </section>
      <KeysPanel />
      <AttacksPanel />
    </>
  );
}

/**
 * When the server will refuse this token: its exp plus the clock-skew leeway,
 * so "Expired 4 s ago" above never contradicts a 200 from GET /me.
 */
function ServerCountdown({ token, nowMs }: { token: string; nowMs: number }) {
  const decoded = decodeToken(token);
  const exp = decoded.ok ? decoded.token.payload.exp : undefined;
  if (typeof exp !== 'number') return null;
  const refusedAtMs = (exp + ACCESS_TOKEN_LEEWAY_S) * 1000;
  const left = refusedAtMs - nowMs;
  const seconds = (ms: number) => (ms < 3_600_000 ? ` ${Math.floor((Math.abs(ms) % 60_000) / 1000)} s` : '');
  return (
    <p className="small-text" data-testid="server-countdown">
      {left <= 0
        ? `The server refuses it: exp plus the ${ACCESS_TOKEN_LEEWAY_S} s leeway passed ${formatDuration(left)} ago.`
        : exp * 1000 <= nowMs
          ? `Past exp, but the server still accepts it for ${Math.ceil(left / 1000)} s: it allows ${ACCESS_TOKEN_LEEWAY_S} s of leeway for clock skew.`
          : `The server accepts it until ${ACCESS_TOKEN_LEEWAY_S} s after exp (leeway for clock skew): refused in ${formatDuration(left)}${seconds(left)}.`}
    </p>
  );
}
