import { useEffect, useMemo, useState } from 'react';
import { useLabNow } from '../../components/useLabNow';
import { useStore } from '../../store';
import { authenticator } from './mfa-attacks';
import type { AuthenticatorView } from './types';

const PERIOD_MS = 30_000;

/**
 * Codes for `secret` on the lab clock, refetched when the 30 s step changes,
 * the clock jumps, or the drift changes. The codes come from the lab server's
 * own TOTP configuration, so they are exactly what the server expects.
 */
export function useAuthenticator(secret: string, driftSeconds: number) {
  const labNow = useLabNow();
  const offsetMs = useStore((s) => s.meta?.clock.offsetMs ?? 0);
  const step = Math.floor(labNow / PERIOD_MS);
  const [fetched, setFetched] = useState<{ key: string; view: AuthenticatorView | null; error: string | null } | null>(
    null,
  );
  const clean = secret.replace(/\s/g, '');
  const valid = /^[A-Za-z2-7=]{16,}$/.test(clean);
  const key = `${clean}|${driftSeconds}`;
  useEffect(() => {
    if (!valid) return;
    let cancelled = false;
    authenticator(clean, driftSeconds).then(
      (view) => !cancelled && setFetched({ key, view, error: null }),
      (e: unknown) => !cancelled && setFetched({ key, view: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [clean, valid, key, driftSeconds, step, offsetMs]);
  // A result for another secret or drift is not shown while the new one loads.
  const current = fetched?.key === key ? fetched : null;
  const view = valid ? (current?.view ?? null) : null;
  const error = !valid
    ? secret
      ? 'A base32 secret is letters A-Z and digits 2-7, at least 16 of them.'
      : null
    : (current?.error ?? null);
  const secondsLeft = 30 - (Math.floor(labNow / 1000) % 30);
  return { view, error, secondsLeft };
}

/** One account the built-in authenticator holds, as an app lists it: by account, with its secret. */
export interface AuthenticatorAccount {
  email: string;
  secret: string;
}

/** The select value for the secret of a setup still pending, and for a secret typed in by hand. */
export const SETUP_SECRET = '@setup';
export const TYPED_SECRET = '@typed';

/** Every account the authenticator holds: the demo accounts with MFA on, then those the learner enrolled here. */
export function useAuthenticatorAccounts(): AuthenticatorAccount[] {
  const accounts = useStore((s) => s.accounts);
  const enrolled = useStore((s) => s.mfaEnrolledSecrets);
  return useMemo(() => {
    const held = new Map<string, string>();
    for (const a of accounts) if (a.totpSecret) held.set(a.email, a.totpSecret);
    for (const [email, secret] of Object.entries(enrolled)) held.set(email, secret);
    return [...held].map(([email, secret]) => ({ email, secret }));
  }, [accounts, enrolled]);
}

/** Which account's codes to show: the accounts held, a pending setup, or a typed secret. */
function AccountChoice(props: {
  held: AuthenticatorAccount[];
  value: string;
  onChange: (value: string) => void;
  setupPending: boolean;
}) {
  return (
    <label>
      Codes for
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid="authenticator-account">
        {props.held.map((a) => (
          <option key={a.email} value={a.email}>
            {a.email}
          </option>
        ))}
        {props.setupPending && <option value={SETUP_SECRET}>The account being set up</option>}
        <option value={TYPED_SECRET}>The secret typed below</option>
      </select>
    </label>
  );
}

/** The built-in authenticator: no phone needed. Live code, countdown, the ±1 window and clock drift. */
export function AuthenticatorCard(props: {
  held: AuthenticatorAccount[];
  /** An email of `held`, SETUP_SECRET or TYPED_SECRET. */
  account: string;
  onAccount: (account: string) => void;
  setupPending: boolean;
  secret: string;
  onSecret: (secret: string) => void;
  drift: number;
  onDrift: (drift: number) => void;
  auth: ReturnType<typeof useAuthenticator>;
}) {
  const { secret, onSecret, drift, onDrift: setDrift } = props;
  const { view, error, secondsLeft } = props.auth;
  const advanceClock = useStore((s) => s.advanceClock);
  return (
    <section className="card" aria-labelledby="mfa-authenticator-title" data-lab-step="drift">
      <h2 id="mfa-authenticator-title">Built-in authenticator</h2>
      <p className="muted small-text">
        What an authenticator app does, on the lab clock. It knows only the shared secret and the time; the server
        computes the same code and compares.
      </p>
      <AccountChoice
        held={props.held}
        value={props.account}
        onChange={props.onAccount}
        setupPending={props.setupPending}
      />
      <label>
        Secret (base32)
        <input
          type="text"
          className="secret-text"
          value={secret}
          onChange={(e) => onSecret(e.target.value.toUpperCase())}
          spellCheck={false}
          data-testid="authenticator-secret"
        />
      </label>
      {error && <p className="error">{error}</p>}
      {view && (
        <>
          <p>
            <span className="otp-side" title="previous step">
              {view.codes.previous}
            </span>{' '}
            <span className="otp-code" data-testid="authenticator-current">
              {view.codes.current}
            </span>{' '}
            <span className="otp-side" title="next step">
              {view.codes.next}
            </span>
          </p>
          <div className="otp-bar" aria-hidden="true">
            <span style={{ width: `${(secondsLeft / 30) * 100}%` }} />
          </div>
          <p className="small-text" data-testid="authenticator-countdown">
            {secondsLeft} s left in step {view.step}. Grey: the codes of the previous and next step.
          </p>
          <p className="small-text">
            The server accepts the current code and one step either side (±1, RFC 6238 §5.2), so a phone clock a little
            off, or a code typed just as it changed, still works. That makes a code usable for up to 90 s, which is why
            an accepted step is never accepted again.
          </p>
          <label>
            Phone clock drift: {drift > 0 ? '+' : ''}
            {drift} s
            <input
              type="range"
              min={-120}
              max={120}
              step={15}
              value={drift}
              onChange={(e) => setDrift(Number(e.target.value))}
              aria-label="Phone clock drift in seconds"
            />
          </label>
          {drift !== 0 && (
            <p className={view.phone.inWindow ? 'ok' : 'error'} data-testid="authenticator-drift">
              The phone shows <code>{view.phone.code}</code>, the code of step {view.step + view.phone.stepOffset} (
              {view.phone.stepOffset > 0 ? '+' : ''}
              {view.phone.stepOffset} from the server&apos;s).{' '}
              {view.phone.inWindow
                ? 'Inside the ±1 window: accepted.'
                : 'Outside the ±1 window: refused. Fix the phone clock (or the server resyncs, RFC 6238 §6).'}
            </p>
          )}
          <p>
            <button type="button" className="small" onClick={() => void advanceClock(30_000)}>
              Lab clock +30 s
            </button>{' '}
            <span className="muted small-text">Moves the server and this authenticator together: the next step.</span>
          </p>
        </>
      )}
    </section>
  );
}
