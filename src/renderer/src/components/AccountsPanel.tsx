import { useStore } from '../store';
import { CopyButton } from './CopyButton';

/** The demo accounts of this lab, with their random per-lab passwords. */
export function AccountsPanel() {
  const accounts = useStore((s) => s.accounts);
  return (
    <section className="card" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title">Demo accounts</h2>
      <p className="muted">Made for this lab with random passwords. Use them in any lab.</p>
      <table className="table" data-testid="demo-accounts">
        <thead>
          <tr>
            <th>Email</th>
            <th>Password</th>
            <th>Role</th>
            <th>MFA</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.email}>
              <td>
                <code className="whole">{account.email}</code>{' '}
                <CopyButton value={account.email} label={`email ${account.email}`} />
              </td>
              <td>
                <code className="whole">{account.password}</code>{' '}
                <CopyButton value={account.password} label={`password of ${account.email}`} />
              </td>
              <td>{account.role}</td>
              <td>
                {account.mfa ? (
                  <>
                    TOTP <code title="TOTP secret (base32)">{account.totpSecret}</code>
                  </>
                ) : (
                  'off'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
