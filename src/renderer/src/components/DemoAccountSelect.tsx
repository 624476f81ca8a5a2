import { useId } from 'react';
import { useStore } from '../store';

/** The select value of the "Other account…" choice (never a valid email, so it cannot clash). */
export const OTHER_ACCOUNT = '@other';

/**
 * Picks one of the lab's demo accounts, or "Other account…" (a registered one), whose email is then typed in.
 * Every lab's sign-in form starts here; the password field belongs to the form.
 */
export function DemoAccountSelect(props: {
  /** A demo account's email, or OTHER_ACCOUNT. */
  value: string;
  onChange: (value: string) => void;
  /** The typed email when "Other account…" is picked. */
  otherEmail: string;
  onOtherEmail: (email: string) => void;
  disabled?: boolean;
  className?: string;
}) {
  const accounts = useStore((s) => s.accounts);
  const labelId = useId();
  return (
    <>
      <label>
        <span id={labelId}>Account</span>
        <select
          aria-labelledby={labelId}
          className={props.className}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          disabled={props.disabled}
        >
          <optgroup label="Demo accounts">
            {accounts.map((a) => (
              <option key={a.email} value={a.email}>
                {a.email} ({a.role}
                {a.mfa ? ', MFA' : ''})
              </option>
            ))}
          </optgroup>
          <option value={OTHER_ACCOUNT}>Other account… (one you registered)</option>
        </select>
      </label>
      {props.value === OTHER_ACCOUNT && (
        <label>
          Email
          <input
            type="email"
            required
            value={props.otherEmail}
            onChange={(e) => props.onOtherEmail(e.target.value)}
            disabled={props.disabled}
            autoComplete="username"
          />
        </label>
      )}
    </>
  );
}
