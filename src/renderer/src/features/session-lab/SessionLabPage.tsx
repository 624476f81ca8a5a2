import { useEffect, useState } from 'react';
import { useStore } from '../../store';
import { AttackCard } from './AttackCard';
import { ATTACKS } from './attack-catalogue';
import { CookieCard } from './CookieCard';
import { LoginCard } from './LoginCard';
import { SessionsCard } from './SessionsCard';

/** The Session lab: a real cookie session, its server-side row, and four attacks on it. */
export function SessionLabPage() {
  const accounts = useStore((s) => s.accounts);
  const error = useStore((s) => s.sessionError);
  const offsetMs = useStore((s) => s.meta?.clock.offsetMs);
  const refresh = useStore((s) => s.refreshSession);
  const [email, setEmail] = useState('');
  const chosen = email || accounts[0]?.email || '';

  // Reload the report when the page opens and whenever the lab clock jumps.
  useEffect(() => {
    void refresh();
  }, [refresh, offsetMs]);

  return (
    <>
      <h1>Session lab</h1>
      <p className="lead">
        A classic server-side session: the browser holds only a random, signed id in a cookie; everything else lives in
        a row on the server. Log in, look at the cookie and the row, then attack it with each defence on and off.
      </p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <div className="grid">
        <LoginCard email={chosen} onEmail={setEmail} />
        <CookieCard />
      </div>
      <SessionsCard />
      <h2>Attacks</h2>
      <p className="muted">
        Each attack runs for real against this lab, in this browser. Flip its switch to vulnerable and run it again to
        compare. The victim for session fixation is the account picked above.
      </p>
      <ul className="toggle-list attack-list">
        {ATTACKS.map((attack) => (
          <AttackCard key={attack.id} attack={attack} victimEmail={chosen} />
        ))}
      </ul>
    </>
  );
}
