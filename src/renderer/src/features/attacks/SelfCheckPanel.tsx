import { useStore } from '../../store';
import { isProblem, selfCheckVerdict, type SelfCheckRow } from './self-check';

const mark = (ok: boolean) => (ok ? '✓ yes' : '✗ no');

function MatrixRow({ row, title }: { row: SelfCheckRow; title: string }) {
  const problem = isProblem(row);
  return (
    <tr className={problem ? 'self-check-problem' : ''} data-testid={`self-check-${row.id}`} data-problem={problem}>
      <th scope="row">
        {title}
        {row.ranIn === 'browser' && <span className="chip">in this browser</span>}
      </th>
      {row.skipped !== null ? (
        <td colSpan={2} className="muted">
          Not run: {row.skipped}
        </td>
      ) : (
        <>
          <td title={row.off?.summary}>{mark(row.offExploited)}</td>
          <td title={row.on?.summary}>{mark(row.onBlocked)}</td>
        </>
      )}
    </tr>
  );
}

/**
 * "Check every defence": each attack with only its defence off (it must
 * work), then on (it must fail), with the lab restored afterwards. A learner's
 * proof that every switch does what it says; it never marks progress.
 */
export function SelfCheckPanel() {
  const check = useStore((s) => s.selfCheck);
  const attacks = useStore((s) => s.catalogue?.attacks);
  const runSelfCheck = useStore((s) => s.runSelfCheck);
  const stopSelfCheck = useStore((s) => s.stopSelfCheck);
  const verdict = selfCheckVerdict(check);
  const problems = check.rows.filter(isProblem).length;
  return (
    <section className="card self-check" aria-labelledby="self-check-title">
      <h2 id="self-check-title">Check every defence</h2>
      <p className="muted small-text">
        For each attack: switch only its defence off and run it (it should work), switch it on and run it again (it
        should fail). Every switch, the lab clock and the keys are put back as they were afterwards.
      </p>
      <button type="button" disabled={check.running} onClick={() => void runSelfCheck()}>
        {check.running ? 'Checking…' : 'Check every defence'}
      </button>{' '}
      {check.running && (
        <button type="button" onClick={() => void stopSelfCheck()}>
          Stop
        </button>
      )}
      {(check.running || check.rows.length > 0) && (
        <progress
          className="progress"
          max={Math.max(check.total, 1)}
          value={check.rows.length}
          aria-label="Self-check progress"
        />
      )}
      {check.error && (
        <p className="error" role="alert">
          {check.error}
        </p>
      )}
      {verdict && (
        <p
          className={problems === 0 && !check.done?.stopped ? 'ok' : 'error'}
          role="status"
          data-testid="self-check-verdict"
        >
          {verdict}
          {check.done && !check.done.restored && ' The lab could not be fully restored: check the defence switches.'}
        </p>
      )}
      {check.rows.length > 0 && (
        <table className="table compact self-check-matrix">
          <thead>
            <tr>
              <th scope="col">Attack</th>
              <th scope="col">Defence off: exploited</th>
              <th scope="col">Defence on: blocked</th>
            </tr>
          </thead>
          <tbody>
            {check.rows.map((row) => (
              <MatrixRow key={row.id} row={row} title={attacks?.find((a) => a.id === row.id)?.title ?? row.id} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
