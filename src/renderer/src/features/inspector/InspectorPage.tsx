import { useEffect } from 'react';
import { SAMPLE_TOKEN, SAMPLE_TOKEN_SECRET, decodeToken } from '../../../../common/jwt-inspect';
import { useLabNow } from '../../components/useLabNow';
import { useStore } from '../../store';
import { tokenOfLink } from '../password-lab/password-answers';
import { AttackerTools } from './AttackerTools';
import { TokenView } from './TokenView';
import { VerifyPanel } from './VerifyPanel';

const SAMPLE_NOTE = `A sample token: HS256, signed with the secret "${SAMPLE_TOKEN_SECRET}" (jwt.io's example secret, on the lab's list of weak secrets).`;
const LAB_TOKEN_NOTE = 'Your current JWT lab access token.';
const LINK_TOKEN_NOTE =
  'The token from the link that opened this page (for example Your App’s “Open in the token inspector”).';

/**
 * A link such as `#/inspector?token=…` (Your App, on another origin, cannot
 * reach this page's memory) loads its token, then drops it from the address
 * so it does not stay in the history. Refresh tokens are never sent this way.
 */
function useTokenFromLink() {
  useEffect(() => {
    const load = () => {
      const linked = tokenOfLink(window.location.href);
      if (!linked) return;
      useStore.getState().setInspectorToken(linked, LINK_TOKEN_NOTE);
      window.history.replaceState(null, '', window.location.href.replace(/\?.*$/, ''));
    };
    load();
    window.addEventListener('hashchange', load);
    return () => window.removeEventListener('hashchange', load);
  }, []);
}

/**
 * What a "Show me" link to a step loads when the inspector is empty: the
 * learner's own lab token, else the sample. Cracking needs an HS256 token, so
 * that step takes the sample unless the lab token is HS256 (weak-secret mode).
 */
function tokenForStep(step: string, labToken: string | null): { token: string; note: string } {
  const decoded = labToken ? decodeToken(labToken) : null;
  const crackable = decoded?.ok === true && decoded.token.header.alg === 'HS256';
  if (labToken && (step !== 'crack' || crackable)) return { token: labToken, note: LAB_TOKEN_NOTE };
  return {
    token: SAMPLE_TOKEN,
    note:
      step === 'crack' && labToken
        ? `Your lab token is not HS256, so it cannot be cracked offline. ${SAMPLE_NOTE}`
        : SAMPLE_NOTE,
  };
}

/** Any JWT, from this lab or pasted from elsewhere: decoded, explained, verified step by step, and attacked. */
export function InspectorPage() {
  const token = useStore((s) => s.inspectorToken);
  const version = useStore((s) => s.inspectorTokenVersion);
  const note = useStore((s) => s.inspectorTokenNote);
  const setToken = useStore((s) => s.setInspectorToken);
  const labToken = useStore((s) => s.jwtAccessToken);
  const step = useStore((s) => (s.route === 'inspector' ? s.routeStep : null));
  const nowMs = useLabNow();
  useTokenFromLink();

  // A deep link such as #/inspector/verify needs a token, or its step is not on the page to show.
  useEffect(() => {
    const state = useStore.getState();
    if (!step || state.inspectorToken.trim()) return;
    const { token: loaded, note: why } = tokenForStep(step, state.jwtAccessToken);
    state.setInspectorToken(loaded, why);
  }, [step]);

  return (
    <>
      <h1>Token inspector</h1>
      <p className="lead">
        Paste any JWT. Nothing leaves this page except requests to the lab itself; times are shown on the lab clock.
      </p>
      <section className="card" data-lab-step="decode warnings">
        <label>
          Token
          <textarea
            className="token-textarea"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            spellCheck={false}
            placeholder="eyJhbGciOi…"
            data-testid="inspector-input"
          />
        </label>
        <div className="row">
          <button
            type="button"
            className="small"
            disabled={!labToken || labToken === token}
            title={labToken ? undefined : 'Sign in on the JWT lab page first.'}
            onClick={() => labToken && setToken(labToken, LAB_TOKEN_NOTE)}
          >
            Use my current lab token
          </button>
          <button type="button" className="small" onClick={() => setToken(SAMPLE_TOKEN, SAMPLE_NOTE)}>
            Load a sample token
          </button>
          {!labToken && <span className="muted small-text">No lab token yet: sign in on the JWT lab page.</span>}
        </div>
        {note && token.trim() && (
          <p className="muted small-text" data-testid="token-note">
            {note}
          </p>
        )}
        {token.trim() && <TokenView token={token} nowMs={nowMs} />}
      </section>
      {token.trim() && (
        <div className="two-col">
          <VerifyPanel key={`verify-${version}`} token={token} nowMs={nowMs} />
          <AttackerTools key={`attack-${version}`} token={token} />
        </div>
      )}
    </>
  );
}
