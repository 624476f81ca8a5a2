import { useEffect, useState } from 'react';
import { AttackCard } from '../../components/AttackCard';
import { useStore } from '../../store';
import { MFA_ATTACKS } from './attack-catalogue';
import {
  AuthenticatorCard,
  SETUP_SECRET,
  TYPED_SECRET,
  useAuthenticator,
  useAuthenticatorAccounts,
} from './Authenticator';
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
  const held = useAuthenticatorAccounts();
  const chosenEmail = useStore((s) => s.authenticatorEmail);
  const signedInEmail = useStore((s) => s.mfaStatus?.email);
  const chooseAccount = useStore((s) => s.chooseAuthenticatorAccount);
  const chosen = held.find((a) => a.email === chosenEmail);
  const signedIn = held.find((a) => a.email === signedInEmail);
  // What the learner typed, remembered with the setup it was typed during: a new setup shows its own secret.
  const [typed, setTyped] = useState<{ during: string | undefined; value: string } | null>(null);
  const typedSecret = typed && typed.during === setup?.secret ? typed.value : null;
  const [drift, setDrift] = useState(0);
  // A typed secret wins, then the account picked (or being signed in), then the setup, then the signed-in account.
  const fallback = signedIn ?? held[0];
  const secret = typedSecret ?? chosen?.secret ?? setup?.secret ?? fallback?.secret ?? '';
  const account =
    typedSecret !== null ? TYPED_SECRET : (chosen?.email ?? (setup ? SETUP_SECRET : (fallback?.email ?? TYPED_SECRET)));
  const onAccount = (value: string) => {
    if (value === TYPED_SECRET) return setTyped({ during: setup?.secret, value: secret });
    setTyped(null);
    chooseAccount(value === SETUP_SECRET ? null : value);
  };
  const auth = useAuthenticator(secret, drift);

  useEffect(() => {
    void refresh();
    // A tab opened earlier learns what another tab changed (MFA turned on, a logout) when it is looked at again.
    const onFocus = () => void refresh();
    const onVisible = () => document.visibilityState === 'visible' && onFocus();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
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
          held={held}
          account={account}
          onAccount={onAccount}
          setupPending={Boolean(setup)}
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
