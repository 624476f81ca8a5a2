import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { AttackCard } from '../../components/AttackCard';
import type { ToggleName, ToggleState } from '../../../../common/toggles';
import { useStore } from '../../store';
import { PASSWORD_ATTACKS } from './attack-catalogue';
import {
  compareAnswers,
  newAccount,
  runTiming,
  sameAnswer,
  unknownEmail,
  type AnswerRow,
  type Probe,
  type TimingSamples,
} from './enumeration-probes';
import { EnumerationHistogram, TimingSummary } from './EnumerationHistogram';

const NO_VIEW = {};
const TRY_COUNTS = [10, 20, 40] as const;

/** "name on" / "name off (vulnerable)": how a result says which defence state it ran under. */
const defenceText = (toggles: ToggleState, name: ToggleName) => `${name} ${toggles[name] ? 'on' : 'off (vulnerable)'}`;

function ProbeCell({ probe }: { probe: Probe }) {
  return (
    <td>
      <code>
        {probe.status} {probe.code}
      </code>
      <br />
      <span className="small-text">{probe.message}</span>
      <br />
      <span className="muted small-text">{probe.ms.toFixed(1)} ms</span>
    </td>
  );
}

/** The same question, asked of every route about an existing and an unknown email. */
function AnswersCard() {
  const accounts = useStore((s) => s.accounts);
  const readToggles = useStore((s) => s.readToggles);
  const [existing, setExisting] = useState('');
  const [unknown, setUnknown] = useState(unknownEmail);
  const [rows, setRows] = useState<{ rows: AnswerRow[]; mode: string; emails: [string, string] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const fallback = accounts.find((a) => !a.mfa)?.email ?? '';
  const compare = async () => {
    setBusy(true);
    setProblem(null);
    try {
      // Labelled with the switches as the server has them now, not this page's copy: another window may have changed them.
      const toggles = await readToggles();
      const mode = `${defenceText(toggles, 'login.uniformErrors')}, ${defenceText(toggles, 'accounts.uniformRegisterResponse')}`;
      const emails: [string, string] = [existing || fallback, unknown];
      setRows({ rows: await compareAnswers(...emails), mode, emails });
      // Registering it made the "unknown" email real: the next comparison needs a new one.
      setUnknown(unknownEmail());
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="enum-answers-title">
      <h3 id="enum-answers-title">The answers, side by side</h3>
      <p className="small-text">
        Each route that takes an email is asked about an account that exists and one that does not: login with a wrong
        password (session and JWT), forgot, and register last, since registering the unknown email creates it. The
        failed logins are given back afterwards, so comparing never locks you out. Forgot and register act for real: the
        existing account gets a reset link in the lab inbox, and (while the register defence is on) a &ldquo;someone
        tried to register&rdquo; notice.
      </p>
      <label>
        Existing email
        <input
          type="email"
          value={existing}
          placeholder={fallback}
          onChange={(event) => setExisting(event.target.value)}
        />
      </label>
      <label>
        Unknown email
        <input type="email" value={unknown} onChange={(event) => setUnknown(event.target.value)} />
      </label>
      <button type="button" disabled={busy} onClick={() => void compare()}>
        {busy ? 'Comparing…' : 'Compare the answers'}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {rows && (
        <>
          <p className="muted small-text" data-testid="enumeration-answers-mode">
            Asked with {rows.mode}.
          </p>
          <table className="small-text" data-testid="enumeration-answers">
            <thead>
              <tr>
                <th>Route</th>
                <th>
                  Existing: <span className="muted">{rows.emails[0]}</span>
                </th>
                <th>
                  Unknown: <span className="muted">{rows.emails[1]}</span>
                </th>
                <th>Same answer?</th>
              </tr>
            </thead>
            <tbody>
              {rows.rows.map((row) => (
                <tr key={row.route}>
                  <td>
                    <code>{row.route}</code>
                    {row.what && <span className="muted"> {row.what}</span>}
                  </td>
                  <ProbeCell probe={row.existing} />
                  <ProbeCell probe={row.unknown} />
                  <td>{sameAnswer(row.existing, row.unknown) ? 'same' : 'DIFFERENT: tells who exists'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small-text">
            One try per email: the times in this table are single samples, too noisy to compare. The timing run below
            takes many.
          </p>
        </>
      )}
    </section>
  );
}

/** Many failed logins for an existing account and for unknown emails, timed, as a histogram. */
function TimingCard() {
  const readToggles = useStore((s) => s.readToggles);
  const [pairs, setPairs] = useState<number>(20);
  const [samples, setSamples] = useState<TimingSamples | null>(null);
  const [mode, setMode] = useState('');
  const [done, setDone] = useState(0);
  const [running, setRunning] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const stop = useRef(false);
  useEffect(
    () => () => {
      stop.current = true;
    },
    [],
  );
  const start = async () => {
    stop.current = false;
    setRunning(true);
    setNote(null);
    setDone(0);
    setSamples({ existing: [], unknown: [] });
    try {
      setMode(defenceText(await readToggles(), 'login.constantTime'));
      const existing = await newAccount('timing');
      setNote(`Existing account for this run: ${existing}.`);
      const result = await runTiming({
        pairs,
        existing,
        onSample: (next, count) => {
          setSamples(next);
          setDone(count);
        },
        shouldStop: () => stop.current,
      });
      if (stop.current) setNote(`Stopped after ${result.existing.length} tries of each.`);
    } catch (error) {
      setNote(errorMessage(error));
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className="card" aria-labelledby="enum-timing-title">
      <h3 id="enum-timing-title">Timing: existing vs unknown emails</h3>
      <p className="small-text">
        The page makes a throwaway account, then times failed logins (<code>POST /api/session/login</code> with a wrong
        password) from this browser with <code>performance.now()</code>, alternating between that account and a new
        unknown email each time. The first pair only warms up and is not kept.
      </p>
      <p className="muted small-text">
        The failed-login limit (5 per account, 50 per IP in 15 minutes) counts these tries like an attacker’s. So that a
        run can take many tries and leave you able to sign in, the page gives the failures back every four pairs (the
        lab helper <code>POST /api/lab/password/give-back-failures</code>). A real attacker instead spreads the tries
        over many IP addresses and over time. Toggles and the lab clock are left alone.
      </p>
      <label>
        Tries of each kind
        <select value={pairs} disabled={running} onChange={(event) => setPairs(Number(event.target.value))}>
          {TRY_COUNTS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={running} onClick={() => void start()}>
        {running ? 'Timing…' : 'Run the timing test'}
      </button>{' '}
      {running && (
        <button type="button" onClick={() => (stop.current = true)}>
          Stop
        </button>
      )}
      {running && (
        <progress className="progress" max={pairs} value={done} aria-label="Timing progress">
          {done} / {pairs}
        </progress>
      )}
      {note && (
        <p className="muted small-text" data-testid="enumeration-timing-note">
          {note}
        </p>
      )}
      {samples && samples.existing.length > 0 && (
        <>
          <p className="muted small-text" data-testid="enumeration-timing-mode">
            {running ? `Measuring with ${mode}: ${done} / ${pairs} pairs.` : `Measured with ${mode}.`}
          </p>
          <EnumerationHistogram samples={samples} />
          <TimingSummary samples={samples} />
        </>
      )}
    </section>
  );
}

/**
 * The enumeration step of the password lab: can an attacker learn which
 * emails have accounts, from the answer or from the time it takes?
 */
export function EnumerationStep() {
  return (
    <section data-lab-step="enumeration" aria-labelledby="enumeration-title">
      <h2 id="enumeration-title">User enumeration</h2>
      <p>
        A list of which emails have accounts is worth a lot to an attacker: password spraying and credential stuffing
        only need to target real accounts, and a phishing mail that names the right site gets opened. So every route
        that takes an email must behave the same whether or not it exists.
      </p>
      <ul className="small-text">
        <li>
          <strong>One answer.</strong> A login that says &ldquo;no account with this email&rdquo; for one address and
          &ldquo;wrong password&rdquo; for another hands out the list for free. The lab answers{' '}
          <code>401 invalid_credentials</code> either way (switch: <code>login.uniformErrors</code>).
        </li>
        <li>
          <strong>The same time.</strong> Checking a password means one bcrypt compare, which is slow on purpose. If an
          unknown email is turned away before that compare, it answers in a millisecond and a real account after the
          full bcrypt time: the clock tells what the message hides. The lab compares an unknown email against a dummy
          hash made with the same cost (switch: <code>login.constantTime</code>).
        </li>
      </ul>
      <AnswersCard />
      <TimingCard />
      <h3>Enumeration attacks</h3>
      <ul className="toggle-list attack-list">
        {PASSWORD_ATTACKS.filter((attack) => attack.step === 'enumeration').map((attack) => (
          <AttackCard key={attack.id} attack={attack} view={NO_VIEW} />
        ))}
      </ul>
      <h3>Where it still leaks</h3>
      <ul className="small-text">
        <li>
          <strong>Register.</strong> Signing up with a taken email cannot simply succeed. The lab answers 202 either way
          and mails the owner instead (<code>accounts.uniformRegisterResponse</code>); with that off it answers{' '}
          <code>409 email_taken</code>. And registering an unknown email creates it, so a register probe is not free.
        </li>
        <li>
          <strong>Forgot.</strong> It always answers 202 with the same words, but only a real account costs a database
          write and a mail. That is far less than a bcrypt compare, yet many tries can show it; sending the mail from a
          queue after the answer would close the gap.
        </li>
        <li>
          <strong>Rate limits.</strong> The failed-login counter is kept per email whether or not an account exists, so
          a lockout (429) looks the same for both. A limit or lockout that only real accounts reach would itself say
          which exist.
        </li>
        <li>
          <strong>Different costs.</strong> The dummy hash uses today’s cost. An account hashed at an older, lower cost
          (or with a faster scheme) answers faster than an unknown email, until its hash is made again at the current
          cost.
        </li>
        <li>
          <strong>The right password.</strong> Only a correct login differs (a session, or the MFA step): that is
          guessing passwords, which the rate limits are for.
        </li>
      </ul>
    </section>
  );
}
