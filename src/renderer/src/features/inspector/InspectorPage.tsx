import { useLabNow } from '../../components/useLabNow';
import { useStore } from '../../store';
import { AttackerTools } from './AttackerTools';
import { TokenView } from './TokenView';
import { VerifyPanel } from './VerifyPanel';

/** Any JWT, from this lab or pasted from elsewhere: decoded, explained, verified step by step, and attacked. */
export function InspectorPage() {
  const token = useStore((s) => s.inspectorToken);
  const setToken = useStore((s) => s.setInspectorToken);
  const nowMs = useLabNow();
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
        {token.trim() && <TokenView token={token} nowMs={nowMs} />}
      </section>
      {token.trim() && (
        <div className="two-col">
          <VerifyPanel token={token} nowMs={nowMs} />
          <AttackerTools key={token} token={token} />
        </div>
      )}
    </>
  );
}
