/**
 * The labelled password input of every sign-in and registration form: masked
 * unless `shown`, with the autocomplete hint a password manager needs
 * (`current-password` to sign in, `new-password` to register).
 */
export function PasswordField({
  value,
  onChange,
  autoComplete = 'current-password',
  shown = false,
  label = 'Password',
}: {
  value: string;
  onChange: (value: string) => void;
  autoComplete?: 'current-password' | 'new-password';
  shown?: boolean;
  label?: string;
}) {
  return (
    <label>
      {label}
      <input
        type={shown ? 'text' : 'password'}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
      />
    </label>
  );
}
