import { useEffect, useState } from 'react';
import type { StrengthResponse } from '../../../../common/api';
import { answerOf } from '../../api/client';
import { WITHOUT_SESSION } from './password-answers';
import { StepAttacks } from './StepAttacks';

/** Waits this long after the last key before asking the server, so typing stays smooth. */
const SETTLE_MS = 150;

/** The strength step: the same policy registration applies, checked live as the learner types, with its reasons. */
export function StrengthStep() {
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [verdict, setVerdict] = useState<{ for: string; answer: StrengthResponse } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = window.setTimeout(() => {
      const body = email.includes('@') ? { password, email } : { password };
      void answerOf('POST /api/lab/password/strength', { body, ...WITHOUT_SESSION }).then((res) => {
        if (!current) return;
        if (res.status === 200) {
          setVerdict({ for: password, answer: res.body });
          setError(null);
        } else setError(res.body.message ?? `HTTP ${res.status}`);
      });
    }, SETTLE_MS);
    // An answer for an older keystroke never replaces the newer one.
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [password, email]);

  const answer = password && verdict ? verdict.answer : null;
  return (
    <section aria-labelledby="strength-step-title" data-lab-step="strength">
      <h2 id="strength-step-title">Password strength, live</h2>
      <p className="lead">
        NIST SP 800-63B Rev. 4 §3.1.1.2 sets a few rules, with length the main one: at least 15 characters for a
        password used alone (8 when it is always used with a second factor), at least 64 allowed, any Unicode, no “one
        digit and one symbol” composition rules, and not a password already known from breaches. This lab asks for at
        least 8 (its MFA is optional, so a real service would ask 15 of accounts without it) and caps at 256, its own
        limit. Type one and see what registration would say, and why.
      </p>
      <section className="card" aria-labelledby="strength-title">
        <h3 id="strength-title">Check a password</h3>
        <label>
          Password to check
          <input
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <label>
          Email it is for (optional)
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {answer && (
          <div data-testid="strength-verdict" aria-live="polite">
            <p className={answer.acceptable ? 'ok' : 'error'}>
              <strong>{answer.acceptable ? 'Registration would accept it.' : 'Registration would refuse it.'}</strong>{' '}
              {answer.length} characters, {answer.bytes.byteLength} bytes.
            </p>
            {answer.reasons.length > 0 && (
              <ul data-testid="strength-reasons">
                {answer.reasons.map((reason) => (
                  <li key={reason.code}>
                    {reason.message} <code className="muted">{reason.code}</code>
                  </li>
                ))}
              </ul>
            )}
            {answer.bytes.byteLength > answer.bytes.limit && (
              <p className="small-text" data-testid="strength-72">
                Over bcrypt&apos;s {answer.bytes.limit} bytes: bcrypt alone would never read “
                {[...(verdict?.for ?? '').normalize('NFKC')].slice(answer.bytes.keptCharacters).join('')}”
                {answer.bytes.cutSplitsCharacter ? ' (the cut falls inside a character)' : ''}. The pre-hash keeps every
                byte: see <a href="#/password-lab/72-bytes">72 bytes</a>.
              </p>
            )}
          </div>
        )}
        <p className="small-text muted">
          No strength meter, on purpose: a meter counting symbols rewards “P@ssw0rd!”, which every cracker tries early.
          Length and “not on a breach list” are what the attacker&apos;s word list cares about.
        </p>
      </section>
      <StepAttacks step="strength" title="Why the breach list matters: a password spray" />
    </section>
  );
}
