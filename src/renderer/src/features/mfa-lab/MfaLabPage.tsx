import { useEffect, useState } from 'react';
import { AttackCard } from '../../components/AttackCard';
import { useStore } from '../../store';
import { MFA_ATTACKS } from './attack-catalogue';
import { AuthenticatorCard, useAuthenticator } from './Authenticator';
import { BruteForceMeter } from './BruteForceMeter';
import { EnrollCard } from './EnrollCard';
import { HowCodeIsMade } from './HowCodeIsMade';
import { RecoveryCodesCard } from './RecoveryCodesCard';
import { SignInCard } from './SignInCard';
import { StepUpCard } from './StepUpCard';
import './mfa-lab.css';

/** The MFA lab's cards need nothing from the lab's state to word themselves. */
const NO_VIEW = {};

/** The MFA lab: TOTP enrollment without a phone, MFA login, recovery codes, step-up, and the 2FA attacks. */
export function MfaLabPage() {
  const refresh = useStore((s) => s.refreshMfa);
  const error = useStore((s) => s.mfaError);
  const notice = useStore((s) => s.mfaNotice);
  const setup = useStore((s) => s.mfaSetup);
  const otherSessions = useStore((s) => (s.mfaChanged ? (s.mfaStatus?.otherSessions ?? 0) : 0));
  const endOtherSessions = useStore((s) => s.endOtherSessions);
  const demoSecret = useStore((s) => s.accounts.find((a) => a.totpSecret)?.totpSecret ?? '');
  // What the learner typed, remembered with the setup it was typed during: a new setup shows its own secret.
  const [typed, setTyped] = useState<{ during: string | undefined; value: string } | null>(null);
  const typedSecret = typed && typed.during === setup?.secret ? typed.value : null;
  const [drift, setDrift] = useState(0);
  // The secret being enrolled wins; otherwise the demo MFA account's, until the learner types another.
  const secret = typedSecret ?? setup?.secret ?? demoSecret;
  const auth = useAuthenticator(secret, drift);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <>
      <h1>MFA lab</h1>
      <p className="lead">
        Time-based one-time passwords (TOTP, RFC 6238): a secret shared once through a QR code, then a 6-digit code that
        both sides compute from the time. Turn it on for an account, sign in with it, keep recovery codes, and attack
        the second step with each defence on and off.
      </p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok" role="status">
          {notice}
        </div>
      )}
      {otherSessions > 0 && (
        <p className="card" data-testid="end-other-sessions">
          Your MFA settings changed. You have {otherSessions} other signed-in session
          {otherSessions === 1 ? '' : 's'} (another browser, another device, or someone else).{' '}
          <button type="button" onClick={() => void endOtherSessions()}>
            End other sessions
          </button>
        </p>
      )}
      <div className="grid">
        <SignInCard />
        <EnrollCard />
      </div>
      <div className="grid">
        <AuthenticatorCard
          secret={secret}
          onSecret={(value) => setTyped({ during: setup?.secret, value })}
          drift={drift}
          onDrift={setDrift}
          auth={auth}
        />
        <RecoveryCodesCard />
      </div>
      <HowCodeIsMade explanation={auth.view?.explanation ?? null} />
      <StepUpCard />
      <h2>Attacks</h2>
      <p className="muted">
        Each attack runs for real against this lab, from this page, with its own throwaway accounts; your own session is
        not touched. Flip a switch to vulnerable and run it again to compare.
      </p>
      <ul className="toggle-list attack-list">
        {MFA_ATTACKS.map((attack) => (
          <AttackCard key={attack.id} attack={attack} view={NO_VIEW} />
        ))}
      </ul>
      <BruteForceMeter />
    </>
  );
}
