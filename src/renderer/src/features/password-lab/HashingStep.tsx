import { useState, type FormEvent } from 'react';
import { useStore } from '../../store';
import { StepAttacks } from './StepAttacks';

/** A bcrypt string in its parts: `$2b$` algorithm, cost, 22 characters of salt, 31 of hash. */
function BcryptParts({ value }: { value: string }) {
  const match = /^(\$2[aby]\$)(\d{2})\$(.{22})(.{31})$/.exec(value);
  if (!match) return <code className="pw-hash">{value}</code>;
  const [, algorithm, cost, salt, hash] = match;
  return (
    <code className="pw-hash">
      <span title="algorithm: bcrypt">{algorithm}</span>
      <span className="pw-part-cost" title="cost: 2^cost rounds">
        {cost}
      </span>
      $
      <span className="pw-part-salt" title="salt: 128 random bits, new for every hash">
        {salt}
      </span>
      <span className="pw-part-hash" title="the hash itself">
        {hash}
      </span>
    </code>
  );
}

function DemoHashCard() {
  const [password, setPassword] = useState('correct horse battery staple');
  const { answer, error, busy } = useStore((s) => s.passwordDemoHash);
  const hashBothWays = useStore((s) => s.hashBothWays);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await hashBothWays(password);
  };
  return (
    <section className="card" aria-labelledby="demo-hash-title">
      <h3 id="demo-hash-title">One password, two ways to store it</h3>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Password to hash
          <input type="text" value={password} required onChange={(event) => setPassword(event.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Hashing…' : 'Hash it both ways'}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div data-testid="demo-hash">
          <h4>bcrypt of the peppered pre-hash (what this lab stores)</h4>
          <p className="small-text muted">
            Hashed twice at cost {answer.cost} ({answer.bcryptMs} ms for both): a new random salt each time, so two
            users with one password get different strings.
          </p>
          <ul className="pw-hash-list">
            {answer.bcrypt.map((hash) => (
              <li key={hash}>
                <BcryptParts value={hash} />
              </li>
            ))}
          </ul>
          <h4>Fast unsalted SHA-256 (with password.hashing off)</h4>
          <p className="small-text muted">
            The same string every time and for everyone, so one guess tests every account, and a precomputed table
            answers at once.
          </p>
          <code className="pw-hash" data-testid="demo-hash-sha256">
            {answer.sha256}
          </code>
        </div>
      )}
    </section>
  );
}

function StoredCard() {
  const demoEmail = useStore((s) => s.accounts[0]?.email ?? '');
  const [typed, setTyped] = useState<string | null>(null);
  const email = typed ?? demoEmail;
  const { row: stored, error } = useStore((s) => s.passwordStored);
  const readStoredPassword = useStore((s) => s.readStoredPassword);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await readStoredPassword(email);
  };
  return (
    <section className="card" aria-labelledby="stored-title">
      <h3 id="stored-title">What the database stores for an account</h3>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Account to look up
          <input type="email" required value={email} onChange={(event) => setTyped(event.target.value)} />
        </label>
        <button type="submit">Read its row</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {stored && (
        <div data-testid="stored-password">
          <p className="small-text">
            <code>users.password_hash</code> of {stored.email}, scheme <strong>{stored.scheme}</strong>
            {stored.cost !== null && <> at cost {stored.cost}</>}:
          </p>
          {stored.scheme === 'bcrypt' ? (
            <BcryptParts value={stored.stored} />
          ) : (
            <code className="pw-hash">{stored.stored}</code>
          )}
          <p className="small-text muted">
            {stored.scheme === 'bcrypt'
              ? 'No password in it: to test a guess you need the pepper (not in the database) and a full bcrypt run. (The demo accounts’ passwords are also kept, sealed with vault.key from the data dir, in a demo_accounts table, so the Accounts page can show them: a lab convenience no real server has.)'
              : 'This password was set while password.hashing was off: one SHA-256 of it, which a word list reverses in milliseconds.'}
          </p>
        </div>
      )}
    </section>
  );
}

/** The hashing step: what the users table really holds, and the offline attack on it. */
export function HashingStep() {
  return (
    <section aria-labelledby="hashing-step-title" data-lab-step="hashing">
      <h2 id="hashing-step-title">What the database stores</h2>
      <p className="lead">
        A server must check a password without keeping it. It keeps a one-way hash, and the question is how much a copy
        of that hash helps a thief. Hash a password both ways, read what the users table holds, then crack it.
      </p>
      <div className="grid">
        <DemoHashCard />
        <StoredCard />
      </div>
      <StepAttacks step="hashing" title="The offline cracking demo" />
    </section>
  );
}
