import { useEffect, useState } from 'react';
import { useStore } from '../../store';
import { AttemptChart } from './AttemptChart';
import type { RunnerSettings } from './ratelimit-slice';

/** Seconds left until `until` (browser time), ticking once a second. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    // The first tick at once: `now` may be from long before this 429.
    const first = window.setTimeout(() => setNow(Date.now()), 0);
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

type NumericSetting = 'ratePerSecond' | 'count' | 'position';

/** One whole-number setting, clamped to its range as the learner types. */
function NumberSetting(props: {
  label: string;
  name: NumericSetting;
  min: number;
  max: number;
  disabled: boolean;
  testId?: string;
}) {
  const value = useStore((s) => s.rlSettings[props.name]);
  const set = useStore((s) => s.setRunnerSettings);
  const { min, max } = props;
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={min}
        max={max}
        value={value}
        disabled={props.disabled}
        onChange={(e) => set({ [props.name]: Math.min(max, Math.max(min, Math.round(Number(e.target.value) || min))) })}
        data-testid={props.testId}
      />
    </label>
  );
}

type ChoiceSettingName = 'account' | 'target' | 'ip' | 'source' | 'route';

/** One setting picked from a fixed list: [value, what the learner reads]. */
function ChoiceSetting<K extends ChoiceSettingName>(props: {
  label: string;
  name: K;
  choices: ReadonlyArray<readonly [RunnerSettings[K], string]>;
  disabled: boolean;
  testId?: string;
}) {
  const value = useStore((s) => s.rlSettings[props.name]);
  const set = useStore((s) => s.setRunnerSettings);
  return (
    <label>
      {props.label}
      <select
        value={value}
        disabled={props.disabled}
        onChange={(e) => set({ [props.name]: e.target.value as RunnerSettings[K] })}
        data-testid={props.testId}
      >
        {props.choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Settings({ disabled }: { disabled: boolean }) {
  const source = useStore((s) => s.rlSettings.source);
  const accounts = useStore((s) => s.accounts);
  return (
    <div className="rl-settings">
      <ChoiceSetting
        label="Target account"
        name="account"
        disabled={disabled}
        choices={accounts.map((a) => [a.email, a.email] as const)}
      />
      <ChoiceSetting
        label="Targets"
        name="target"
        testId="rl-target"
        disabled={disabled}
        choices={[
          ['one', 'Brute force: this one account, many passwords'],
          ['many', 'Credential stuffing: many accounts, one password each'],
        ]}
      />
      <ChoiceSetting
        label="Client IP"
        name="ip"
        testId="rl-ip"
        disabled={disabled}
        choices={[
          ['real', 'This machine (one IP: the per-IP key sees it)'],
          ['rotating', 'Rotating fake X-Forwarded-For (a new IP per request)'],
        ]}
      />
      <ChoiceSetting
        label="Guesses"
        name="source"
        disabled={disabled}
        choices={[
          ['wordlist', 'Shipped word list, real password placed in it'],
          ['random', 'Random strings'],
        ]}
      />
      <ChoiceSetting
        label="Login route"
        name="route"
        disabled={disabled}
        choices={[
          ['/api/session/login', 'POST /api/session/login'],
          ['/api/jwt/login', 'POST /api/jwt/login'],
        ]}
      />
      <NumberSetting label="Rate (attempts/s)" name="ratePerSecond" min={1} max={50} disabled={disabled} />
      <NumberSetting label="Attempts" name="count" min={5} max={500} disabled={disabled} testId="rl-count" />
      {source === 'wordlist' && (
        <NumberSetting
          label="Real password at guess #"
          name="position"
          min={1}
          max={500}
          disabled={disabled}
          testId="rl-position"
        />
      )}
    </div>
  );
}

/** The brute-force runner: real login requests from this browser, with progress, a stop button and the 429s as they come. */
export function RunnerCard() {
  const run = useStore((s) => s.rlRun);
  const start = useStore((s) => s.startRun);
  const stop = useStore((s) => s.stopRun);
  const skipWindow = useStore((s) => s.skipWindow);
  const resetCounters = useStore((s) => s.resetCounters);
  const wait = useCountdown(run.retryUntil);
  const last = run.results.at(-1);
  const refused = run.results.filter((r) => r.outcome === 'refused').length;
  return (
    <section className="card" aria-labelledby="rl-runner-title">
      <h2 id="rl-runner-title">Brute-force runner</h2>
      <p className="muted small-text">
        Every attempt is a real <code>POST</code> from this browser to the real login route, without cookies, so your
        own sessions stay as they are. Brute force tests the per-account key; credential stuffing spreads its guesses
        over many accounts, so only the per-IP key can see it, and rotating X-Forwarded-For tries to blind that one too.
      </p>
      <Settings disabled={run.running} />
      <div className="row-actions">
        <button type="button" onClick={() => void start()} disabled={run.running} data-testid="rl-start">
          {run.running ? 'Running…' : 'Start run'}
        </button>
        <button type="button" onClick={stop} disabled={!run.running} data-testid="rl-stop">
          Stop
        </button>
      </div>
      {run.error && (
        <p className="error" role="alert">
          {run.error}
        </p>
      )}
      {(run.running || run.finished) && (
        <>
          <progress className="progress" max={run.total || 1} value={run.results.length} aria-label="Progress" />
          <p className="small-text" aria-live="polite" data-testid="rl-progress">
            {run.results.length} / {run.total} attempts · {run.results.length - refused} checked · {refused} refused
            (429)
            {last && (
              <>
                {' '}
                · last: <code>{last.status}</code> {last.code ?? 'ok'}
                {last.guess.forwardedFor ? ` from ${last.guess.forwardedFor}` : ''}
                {last.rateLimit &&
                  ` · ${last.status === 429 ? '' : 'general limit: '}RateLimit-Limit ${last.rateLimit.limit}, -Remaining ${last.rateLimit.remaining}, -Reset ${last.rateLimit.reset}`}
              </>
            )}
          </p>
        </>
      )}
      {run.found && (
        <p className="error" role="status" data-testid="rl-found">
          Password found at attempt {run.found.attempt}: <code>{run.found.email}</code> /{' '}
          <code>{run.found.password}</code>.{' '}
          {run.found.needsMfa
            ? 'The server now asks for an MFA code: the second factor still stands between the attacker and the account.'
            : 'The account is taken over.'}
        </p>
      )}
      {run.finished && !run.running && !run.found && refused > 0 && (
        <p className="ok" role="status" data-testid="rl-blocked">
          The limit held: {refused} of {run.results.length} attempts were refused with 429 before the server checked
          them{last?.message ? ` ("${last.message}")` : ''}.
        </p>
      )}
      {wait > 0 && (
        <>
          <p className="small-text" data-testid="rl-countdown">
            Retry-After: the next guess on this key is allowed in <strong>{mmss(wait)}</strong> (real time; the window
            is on the lab clock). Until then every login on this key is refused, the right password included, in every
            lab.
          </p>
          <div data-testid="rl-unlock">
            <p className="small-text">
              <button type="button" className="small" onClick={() => void resetCounters()} disabled={run.running}>
                Reset the counters now
              </button>{' '}
              frees it at once and touches nothing else.
            </p>
            <p className="small-text">
              <button type="button" className="small" onClick={() => void skipWindow()} disabled={run.running}>
                Advance the lab clock 15 min
              </button>{' '}
              ends the window too, but moves the clock of every lab: sessions, tokens, reset links and MFA steps age 15
              minutes.
            </p>
          </div>
        </>
      )}
      <AttemptChart results={run.results} />
    </section>
  );
}
