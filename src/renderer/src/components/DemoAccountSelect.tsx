import { useStore } from '../store';

/** Picks one of the lab's demo accounts; every lab's sign-in form starts here. */
export function DemoAccountSelect(props: {
  value: string;
  onChange: (email: string) => void;
  disabled?: boolean;
  className?: string;
}) {
  const accounts = useStore((s) => s.accounts);
  return (
    <label>
      Demo account
      <select
        className={props.className}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
      >
        {accounts.map((a) => (
          <option key={a.email} value={a.email}>
            {a.email} ({a.role}
            {a.mfa ? ', MFA' : ''})
          </option>
        ))}
      </select>
    </label>
  );
}
