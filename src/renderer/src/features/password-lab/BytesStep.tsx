import { useState } from 'react';

const LIMIT = 72;
const encoder = new TextEncoder();

interface CharBytes {
  char: string;
  bytes: number[];
  /** Offset of the character's first byte. */
  at: number;
}

/** The NFKC-normalised password, character by character with its UTF-8 bytes (what bcrypt is handed without a pre-hash). */
function charBytes(password: string): CharBytes[] {
  let at = 0;
  return [...password.normalize('NFKC')].map((char) => {
    const bytes = [...encoder.encode(char)];
    const entry = { char, bytes, at };
    at += bytes.length;
    return entry;
  });
}

/** The 72-byte step: every UTF-8 byte of a password, with bcrypt's cut marked, and why the pre-hash removes it. */
export function BytesStep() {
  const [password, setPassword] = useState(`${'😀'.repeat(17)}abc😀 never read`);
  const chars = charBytes(password);
  const total = chars.reduce((sum, c) => sum + c.bytes.length, 0);
  const ignored = chars
    .filter((c) => c.at + c.bytes.length > LIMIT)
    .map((c) => c.char)
    .join('');
  return (
    <section aria-labelledby="bytes-step-title" data-lab-step="72-bytes">
      <h2 id="bytes-step-title">bcrypt reads 72 bytes</h2>
      <p className="lead">
        bcrypt uses at most the first 72 bytes of its input and ignores the rest without a word. Bytes, not characters:
        in UTF-8 an emoji is 4 bytes, so 18 of them fill the limit and whatever follows never counts.
      </p>
      <section className="card" aria-labelledby="bytes-title">
        <h3 id="bytes-title">The bytes of a password</h3>
        <label>
          Password to inspect
          <input
            type="text"
            spellCheck={false}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <p data-testid="byte-count">
          {chars.length} characters, <strong>{total} bytes</strong>.{' '}
          {total > LIMIT ? (
            <span className="pw-warn">
              bcrypt alone would ignore the last {total - LIMIT} bytes: “{ignored}”
              {chars.some((c) => c.at < LIMIT && c.at + c.bytes.length > LIMIT)
                ? ', and the cut falls inside a character'
                : ''}
              .
            </span>
          ) : (
            <span>Within bcrypt&apos;s 72 bytes.</span>
          )}
        </p>
        <p className="small-text muted">
          <span className="pw-byte pw-multi">multi-byte character</span>{' '}
          <span className="pw-byte pw-cut">past byte 72: bcrypt alone never reads it</span>
        </p>
        <ol className="pw-bytes" data-testid="byte-view" aria-label="UTF-8 bytes, character by character">
          {chars.map((c) => (
            <li
              key={c.at}
              className={`pw-char ${c.bytes.length > 1 ? 'pw-multi' : ''} ${c.at + c.bytes.length > LIMIT ? 'pw-cut' : ''} ${c.at < LIMIT && c.at + c.bytes.length > LIMIT ? 'pw-split' : ''}`}
              title={`bytes ${c.at + 1}–${c.at + c.bytes.length}`}
            >
              <span className="pw-glyph">{c.char === ' ' ? '·' : c.char}</span>
              <span className="pw-hex">
                {c.bytes.map((b, i) => (
                  <span key={i} className={c.at + i >= LIMIT ? 'pw-cut-byte' : undefined}>
                    {b.toString(16).padStart(2, '0')}
                  </span>
                ))}
              </span>
              {c.at + c.bytes.length >= LIMIT && c.at < LIMIT && <span className="pw-cutline">byte 72</span>}
            </li>
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="prehash-title">
        <h3 id="prehash-title">Why the pre-hash fixes it</h3>
        <p>
          This lab never hands bcrypt the password. It hands it <code>base64(HMAC-SHA-256(pepper, password))</code>: 44
          ASCII characters, whatever the password&apos;s length, and every byte of the password changes them. So{' '}
          <code>{'"a"×72 + "X"'}</code> and <code>{'"a"×72 + "Y"'}</code> are two passwords here, and so are 18 emoji
          with two different endings. The route tests register the first and sign in with the second to prove it.
        </p>
        <p className="small-text muted">
          Base64, not the raw digest: the 32 raw bytes may contain a zero byte, and some bcrypt libraries stop reading
          at one. The other fix is to refuse passwords over 72 bytes; that would turn away long passphrases, which NIST
          asks to allow (SP 800-63B §3.1.1.2, at least 64 characters).
        </p>
      </section>
    </section>
  );
}
