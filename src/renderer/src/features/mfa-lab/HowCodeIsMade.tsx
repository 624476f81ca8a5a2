import type { CodeExplanation } from './types';

const pairs = (hex: string) => hex.match(/../g) ?? [];

/** "How a code is made": RFC 4226 §5.3 on the learner's own secret and the lab clock, with every byte shown. */
export function HowCodeIsMade({ explanation }: { explanation: CodeExplanation | null }) {
  if (!explanation) {
    return (
      <section className="card" aria-labelledby="mfa-how-title">
        <h2 id="mfa-how-title">How a code is made</h2>
        <p className="muted">Put a secret into the authenticator above to see its code made step by step.</p>
      </section>
    );
  }
  const e = explanation;
  const hmac = pairs(e.hmacHex);
  return (
    <section className="card" aria-labelledby="mfa-how-title" data-testid="how-code-is-made">
      <h2 id="mfa-how-title">How a code is made</h2>
      <ol className="code-steps">
        <li>
          <strong>The key</strong>: the base32 secret decoded, {e.keyHex.length / 2} bytes:{' '}
          <span className="bytes">{pairs(e.keyHex).join(' ')}</span>
        </li>
        <li>
          <strong>The counter</strong>: Unix time {e.epochSeconds} ÷ {e.period} s, rounded down ={' '}
          <code>{e.counter}</code>, as 8 bytes, big-endian:{' '}
          <span className="bytes">{pairs(e.counterHex).join(' ')}</span>
        </li>
        <li>
          <strong>HMAC-SHA-1</strong>(key, counter), 20 bytes:{' '}
          <span className="bytes" data-testid="how-hmac">
            {hmac.map((byte, i) => (
              <span
                key={i}
                className={[
                  i >= e.offset && i < e.offset + 4 ? 'byte-slice' : '',
                  i === hmac.length - 1 ? 'byte-last' : '',
                ].join(' ')}
              >
                {byte}
              </span>
            ))}
          </span>
        </li>
        <li>
          <strong>Dynamic truncation</strong>: the low 4 bits of the last byte (<code>{hmac[hmac.length - 1]}</code>)
          say where to read: offset <code>{e.offset}</code>. The 4 bytes there:{' '}
          <span className="bytes">{pairs(e.sliceHex).join(' ')}</span>, top bit cleared (so the number is never
          negative): <code>{e.truncated}</code>
        </li>
        <li>
          <strong>Modulo 10^6</strong>: {e.truncated} mod {e.modulus.toLocaleString()} = <code>{e.code}</code>, padded
          to 6 digits.
        </li>
      </ol>
      <p className="muted small-text">
        HOTP (RFC 4226) does exactly this with a counter that goes up on each use; TOTP (RFC 6238) uses the time step as
        the counter, so both sides agree without talking.
      </p>
    </section>
  );
}
