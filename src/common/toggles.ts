/**
 * The defences a lab can switch off. Every toggle defaults to `true` (defence
 * on). A toggle weakens only its own lab routes, never the app shell or the lab
 * control API. Each lab adds its toggles here, so the registry, the API and the
 * UI all read one list.
 */
export interface ToggleDefinition {
  /** `<lab>.<defence>` */
  name: string;
  lab: string;
  /** What the defence does, in one line. */
  label: string;
  /** What an attacker gets when it is off. */
  whenOff: string;
  /** The standard it follows. */
  source: string;
}

export const TOGGLES = [
  {
    name: 'accounts.uniformRegisterResponse',
    lab: 'accounts',
    label: 'Registration answers the same way whether or not the email exists',
    whenOff: 'Registering a taken email returns 409 email_taken, so anyone can test which emails have accounts.',
    source: 'OWASP ASVS 5.0 V6.3.8; OWASP Authentication Cheat Sheet (user enumeration)',
  },
  {
    name: 'accounts.passwordDenyList',
    lab: 'accounts',
    label: 'Passwords found in breach corpora are refused',
    whenOff: 'Common passwords such as "password1" are accepted, so credential stuffing and guessing succeed.',
    source: 'NIST SP 800-63B §3.1.1.2',
  },
  {
    name: 'session.regenerateOnLogin',
    lab: 'session-lab',
    label: 'A new session id is issued at login and again after the MFA step',
    whenOff:
      'Login keeps the id the browser already had, so an id planted by an attacker becomes a logged-in session the attacker can use (session fixation).',
    source: 'OWASP ASVS 5.0 V7.2.4; OWASP Session Management Cheat Sheet (renew the id after privilege change)',
  },
  {
    name: 'session.httpOnly',
    lab: 'session-lab',
    label: 'The session cookie is HttpOnly, so page script cannot read it',
    whenOff: 'Any script in the page (an XSS payload) reads the session id from document.cookie and sends it away.',
    source: 'OWASP ASVS 5.0 V3.3.4; RFC 6265bis §4.1.2.6',
  },
  {
    name: 'session.sameSite',
    lab: 'session-lab',
    label: 'The session cookie is SameSite=Lax, so other sites cannot make the browser send it with a POST',
    whenOff:
      'The cookie is SameSite=None: a form on any other site posts with your session attached (CSRF, if the token check is off too).',
    source: 'OWASP ASVS 5.0 V3.3.2; RFC 6265bis §5.6.7',
  },
  {
    name: 'session.csrfToken',
    lab: 'session-lab',
    label: 'State-changing session routes need the x-csrf-token header (synchronizer token)',
    whenOff:
      'A request carrying only the cookie is enough to change state, so a cross-site form can act as you (CSRF, if SameSite is off too).',
    source: 'OWASP CSRF Prevention Cheat Sheet (synchronizer token); OWASP ASVS 5.0 V3.5.1',
  },
  {
    name: 'session.serverSideLogout',
    lab: 'session-lab',
    label: 'Logout deletes the session on the server, not just the cookie',
    whenOff: 'Logout only asks the browser to forget the cookie; anyone holding a copy can keep using the session.',
    source: 'OWASP ASVS 5.0 V7.4.1; OWASP Session Management Cheat Sheet (session expiration)',
  },
  {
    name: 'session.idleTimeout',
    lab: 'session-lab',
    label: 'A session unused for 15 minutes ends on the server',
    whenOff: 'A forgotten session stays usable until its absolute lifetime runs out, hours later.',
    source: 'OWASP ASVS 5.0 V7.3.1; NIST SP 800-63B §7.2',
  },
  {
    name: 'jwt.algorithmAllowList',
    lab: 'jwt-lab',
    label: 'Only allow-listed algorithms verify, and each key works with its one algorithm',
    whenOff:
      'The header picks the algorithm: "alg: none" passes with no signature, and HS256 signed with the public RSA key (key confusion) passes.',
    source: 'RFC 8725 §2.1, §3.1 and §3.2; OWASP JWT Cheat Sheet',
  },
  {
    name: 'jwt.strongSecret',
    lab: 'jwt-lab',
    label: 'HS256 secrets are 256 random bits',
    whenOff:
      'The HS256 secret is a dictionary word, so one captured token is enough to crack it offline and forge any token.',
    source: 'RFC 7518 §3.2; RFC 8725 §3.5',
  },
  {
    name: 'jwt.kidSanitizing',
    lab: 'jwt-lab',
    label: 'The kid header is format-checked and looked up with a parameterized query',
    whenOff:
      "The kid is pasted into SQL, so a kid like \"x' UNION SELECT 'attacker-secret' --\" makes the server verify with a key the attacker chose.",
    source: 'RFC 8725 §3.10; OWASP SQL Injection Prevention Cheat Sheet',
  },
  {
    name: 'jwt.verifySignature',
    lab: 'jwt-lab',
    label: 'Access tokens are verified, not just decoded',
    whenOff: 'The server only decodes the token, so anyone can edit the claims (role: admin) and keep any signature.',
    source: 'RFC 7519 §7.2; RFC 8725 §3.1',
  },
  {
    name: 'jwt.refreshReuseDetection',
    lab: 'jwt-lab',
    label: 'A reused refresh token revokes its whole family',
    whenOff: 'A stolen refresh token keeps working after the victim has rotated it, and nobody notices.',
    source: 'RFC 9700 §4.14.2; OAuth 2.0 Security BCP',
  },
  {
    name: 'jwt.shortAccessTtl',
    lab: 'jwt-lab',
    label: 'Access tokens live 15 minutes',
    whenOff: 'Access tokens live 30 days, so a stolen one keeps working for a month.',
    source: 'RFC 9700 §4.14; OWASP JWT Cheat Sheet (token lifetime)',
  },
  {
    name: 'jwt.storeInLocalStorage',
    lab: 'jwt-lab',
    label: 'The lab client keeps the access token in memory only',
    whenOff: 'The lab client keeps the access token in localStorage, where any injected script can read and steal it.',
    source: 'OWASP HTML5 Security Cheat Sheet (local storage); RFC 9700 §4.14 (token theft)',
  },
  {
    name: 'mfa.replayProtection',
    lab: 'mfa-lab',
    label: 'A TOTP code whose time step was already accepted is refused',
    whenOff: 'A code seen over a shoulder, in a screenshot or in a log works again for as long as it is in the window.',
    source: 'RFC 6238 §5.2; OWASP ASVS 5.0 V6.5.1',
  },
  {
    name: 'mfa.attemptLimit',
    lab: 'mfa-lab',
    label: 'About 5 wrong codes end a pending MFA login, and wrong codes are counted per account',
    whenOff:
      'An attacker who knows the password can try all 10^6 codes; at a few hundred guesses a second that takes hours, not years.',
    source: 'RFC 6238 §5.2; RFC 4226 §7.3; OWASP ASVS 5.0 V6.3.1',
  },
  {
    name: 'mfa.bindTicket',
    lab: 'mfa-lab',
    label: 'A password-only half-login reaches nothing, and its MFA ticket finishes only its own user and login path',
    whenOff:
      "The password step already signs the session in (skip the code page), and a victim's ticket can be finished with the attacker's own code.",
    source: 'OWASP ASVS 5.0 V6.3.3; OWASP Multifactor Authentication Cheat Sheet',
  },
  {
    name: 'mfa.stepUp',
    lab: 'mfa-lab',
    label: 'A sensitive action needs an authentication within the last 5 minutes (step-up)',
    whenOff:
      'A session or token from an old login (a borrowed laptop, a stolen cookie) can send money without proving anything again.',
    source: 'OWASP ASVS 5.0 V7.5.3; NIST SP 800-63B §7.2 (reauthentication)',
  },
  {
    name: 'oauth.requirePkce',
    lab: 'oauth-lab',
    label: 'Lab ID requires PKCE (S256) on every authorization code request',
    whenOff:
      'A client may skip PKCE, so a malicious app on the same device that intercepts the code redeems it without any verifier.',
    source: 'RFC 7636 §1; RFC 9700 §2.1.1',
  },
  {
    name: 'oauth.exactRedirectUri',
    lab: 'oauth-lab',
    label: 'redirect_uri must equal a registered value exactly (loopback: any port, RFC 8252)',
    whenOff:
      'Lab ID matches only the host name, so an attacker-built link sends the code to another port or path on that host: the attacker’s page.',
    source: 'RFC 9700 §4.1.3; RFC 6749 §3.1.2.2',
  },
  {
    name: 'oauth.checkState',
    lab: 'oauth-lab',
    label: 'Your App accepts a callback only with the state it gave this browser',
    whenOff:
      'Your App takes any callback whose state it knows, so an attacker who sends you a link with their own code logs you in to their account (login CSRF).',
    source: 'RFC 6749 §10.12; RFC 9700 §4.7',
  },
  {
    name: 'oauth.singleUseCode',
    lab: 'oauth-lab',
    label: 'An authorization code works once; a replay revokes what it issued',
    whenOff: 'A leaked code (history, logs, Referer) can be redeemed again for a second set of tokens.',
    source: 'RFC 6749 §4.1.2 and §10.5; RFC 9700 §4.5',
  },
  {
    name: 'oauth.allowImplicit',
    lab: 'oauth-lab',
    label: 'Refuse implicit and password grants',
    whenOff:
      'Lab ID accepts the implicit grant (the access token travels in the URL fragment, where history, scripts and the next page can read it) and the password grant (the app collects the user’s password). The id keeps its historical name: on means refused.',
    source: 'RFC 9700 §2.1.2 and §2.4',
  },
  {
    name: 'oauth.validateIdToken',
    lab: 'oauth-lab',
    label: 'Your App checks the ID token’s signature, iss, aud, exp and nonce',
    whenOff:
      'Your App only decodes the ID token, so one issued to another app (or forged) logs the attacker in as its subject (token substitution).',
    source: 'OpenID Connect Core 1.0 §3.1.3.7; RFC 9700 §4.5.3',
  },
  {
    name: 'reset.hashedToken',
    lab: 'password-lab',
    label: 'Reset tokens are stored only as a SHA-256 hash',
    whenOff:
      'Reset tokens sit in the database in clear: anyone who reads a backup or a leaked copy can reset any account with a pending link.',
    source: 'OWASP ASVS 5.0 V6.4.1; OWASP Forgot Password Cheat Sheet (store tokens securely)',
  },
  {
    name: 'reset.singleUse',
    lab: 'password-lab',
    label: 'A reset link works once, and a reset kills the user’s other links',
    whenOff:
      'A used reset link keeps working until it expires: whoever finds it later in history, logs or the mailbox sets the password again.',
    source: 'OWASP ASVS 5.0 V6.4.1; OWASP Forgot Password Cheat Sheet (single use)',
  },
  {
    name: 'reset.trustHostHeader',
    lab: 'password-lab',
    label: 'Defence on: the reset link’s origin comes from configuration, never from Host or X-Forwarded-Host',
    whenOff:
      'The link is built from the request’s X-Forwarded-Host or Host, so an attacker asks for a reset of your account and the mailed link points at their site, which captures the token (reset poisoning).',
    source: 'OWASP Forgot Password Cheat Sheet (URL tokens: do not rely on the Host header); OWASP ASVS 5.0 V6.4.2',
  },
  {
    name: 'password.hashing',
    lab: 'password-lab',
    label: 'Passwords are stored as salted, peppered bcrypt (slow on purpose)',
    whenOff:
      'Passwords set while it is off are stored as one fast, unsalted SHA-256: whoever copies the database tries a word list in milliseconds, and equal passwords have equal hashes.',
    source: 'OWASP Password Storage Cheat Sheet; OWASP ASVS 5.0 V6.2 and V11.4.2; NIST SP 800-63B §3.1.1.2',
  },
  {
    name: 'login.uniformErrors',
    lab: 'password-lab',
    label: 'A failed login gets one answer, invalid_credentials, whether the email is unknown or the password wrong',
    whenOff:
      'An unknown email gets 401 unknown_user ("No account with this email") and a known one 401 wrong_password, so anyone can test which emails have accounts.',
    source: 'OWASP Authentication Cheat Sheet (authentication and error messages); OWASP ASVS 5.0 V6.3.8',
  },
  {
    name: 'login.constantTime',
    lab: 'password-lab',
    label: 'An unknown email is checked against a dummy bcrypt hash, so it answers as slowly as a known one',
    whenOff:
      'An unknown email is refused at once while a known one waits for bcrypt, so the response time tells which emails have accounts.',
    source: 'OWASP Authentication Cheat Sheet (authentication responses); OWASP ASVS 5.0 V6.3.8',
  },
  {
    name: 'ratelimit.login',
    lab: 'ratelimit-lab',
    label:
      'Failed logins are limited per account (5 in 15 minutes) and per IP (50), on every login route; a success does not count',
    whenOff:
      'There is no failed-login limit at all: a brute force of one account tries its whole word list until it finds the password.',
    source: 'OWASP ASVS 5.0 V6.3.1; OWASP Authentication Cheat Sheet (protect against automated attacks)',
  },
  {
    name: 'ratelimit.ignoreForwardedFor',
    lab: 'ratelimit-lab',
    label: 'X-Forwarded-For is ignored unless a configured proxy (--trust-proxy) sent the request',
    whenOff:
      'The client IP is read from X-Forwarded-For, which the client writes itself: rotating fake IPs walks past the per-IP limit (password spraying from one machine).',
    source: 'OWASP ASVS 5.0 V4.1.3; OWASP Credential Stuffing Prevention Cheat Sheet',
  },
] as const satisfies readonly ToggleDefinition[];

export type ToggleName = (typeof TOGGLES)[number]['name'];
export type ToggleState = Record<ToggleName, boolean>;

export const TOGGLE_NAMES: readonly ToggleName[] = TOGGLES.map((t) => t.name);

export function isToggleName(name: string): name is ToggleName {
  return (TOGGLE_NAMES as readonly string[]).includes(name);
}
