import { useEffect } from 'react';
import { AttackCard } from '../../components/AttackCard';
import { useStore } from '../../store';
import { SESSION_ATTACKS } from './attack-catalogue';
import { CookieCard } from './CookieCard';
import { LoginCard } from './LoginCard';
import { chosenEmail } from './session-slice';
import { SessionsCard } from './SessionsCard';

const NO_VIEW = {};

/** The Session lab: a real cookie session, its server-side row, and four attacks on it. */
export function SessionLabPage() {
  const offsetMs = useStore((s) => s.meta?.clock.offsetMs);
  const refresh = useStore((s) => s.refreshSession);
  const email = useStore(chosenEmail);
  const setEmail = useStore((s) => s.setSessionEmail);

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
      <div className="grid">
        <LoginCard email={email} onEmail={setEmail} />
        <CookieCard />
      </div>
      <SessionsCard />
      <h2>Attacks</h2>
      <p className="muted">
        Each attack runs for real against this lab, in this browser. Run it with its defence on, switch the defence off
        and run it again to compare. The victim for session fixation is the account picked above.
      </p>
      <ul className="toggle-list attack-list">
        {SESSION_ATTACKS.map((attack) => (
          <AttackCard key={attack.id} attack={attack} view={NO_VIEW} />
        ))}
      </ul>
    </>
  );
}
