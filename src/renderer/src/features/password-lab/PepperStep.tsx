/** The pepper step: what it is, where it lives, what it adds and what it does not. */
export function PepperStep() {
  return (
    <section aria-labelledby="pepper-step-title" data-lab-step="pepper">
      <h2 id="pepper-step-title">The pepper</h2>
      <p className="lead">
        A salt is random per password and stored with the hash; it makes every hash different. A pepper is one secret
        for the whole lab, kept away from the hashes; it makes every hash useless to whoever only has the database.
      </p>
      <div className="grid">
        <section className="card" aria-labelledby="pepper-where-title">
          <h3 id="pepper-where-title">Where it lives</h3>
          <ul>
            <li>
              <code>pepper.key</code> in the data dir, beside <code>lab.sqlite</code>, readable only by you (mode 0600
              on Linux and macOS). 256 random bits, made the first time the data dir is used.
            </li>
            <li>
              Not in the database. A backup, a dump or an SQL injection that reads tables gets the bcrypt strings and no
              pepper. (A lab made by an older version kept it in the settings table; on start it moves to the file.)
            </li>
            <li>In production it would sit in a secrets manager or an HSM, never in the same store as the hashes.</li>
          </ul>
        </section>
        <section className="card" aria-labelledby="pepper-what-title">
          <h3 id="pepper-what-title">What it adds</h3>
          <ul>
            <li>
              bcrypt hashes <code>HMAC-SHA-256(pepper, password)</code>. Without the pepper, an attacker with the
              database cannot compute what bcrypt was given for any guess, however fast their hardware.
            </li>
            <li>
              It stops “password shucking”: with a bare SHA-256 as the pre-hash, unsalted hashes leaked from other sites
              could be tried against the bcrypt strings directly. Keyed with the pepper, they match nothing.
            </li>
            <li>
              What it does not do: replace the salt or the cost. An attacker who takes the server (database and file
              together) is back to bcrypt&apos;s cost per guess. And rotating it means rehashing each password at its
              next sign-in.
            </li>
          </ul>
          <p className="small-text muted">
            NIST SP 800-63B Rev. 4 §3.1.1.2 (a SHOULD: an extra keyed hash with a secret only the verifier holds, kept
            apart from the hashes); OWASP Password Storage Cheat Sheet, “Peppering”.
          </p>
        </section>
      </div>
    </section>
  );
}
