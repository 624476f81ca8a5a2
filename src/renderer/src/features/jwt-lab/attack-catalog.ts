import type { JwtAttackId } from '../../store/jwt-attacks';

/** What each attack does and why the defence stops it, in the lab's own words. */
export const ATTACK_CATALOG: Array<{ id: JwtAttackId; title: string; how: string; defence: string }> = [
  {
    id: 'algNone',
    title: 'alg "none"',
    how: 'Take a real token, change the header to alg "none", make yourself admin and delete the signature.',
    defence:
      'The verifier decides which algorithms it accepts, never the token. "none" is not on the list, so an unsigned token is just text.',
  },
  {
    id: 'keyConfusion',
    title: 'Key confusion (RS256 → HS256)',
    how: 'Download the public RSA key from the JWKS, then sign a token with HS256 using that public PEM text as the HMAC secret.',
    defence:
      'Each key works with exactly one algorithm. The RSA key only verifies RS256, so an HS256 token that names it is refused.',
  },
  {
    id: 'weakSecret',
    title: 'Crack a weak HS256 secret',
    how: 'Capture one HS256 token and try a dictionary of words as the secret, offline, until the HMAC matches; then sign anything.',
    defence: 'The secret is 256 random bits. No dictionary holds it and brute force over 2^256 keys is hopeless.',
  },
  {
    id: 'kidInjection',
    title: 'kid SQL injection',
    how: "Put x' UNION SELECT 'attacker-secret' -- in the kid header: the key lookup returns a key the attacker chose.",
    defence:
      'The kid must match a short format and is passed to SQL as a parameter, so it can only ever name a real key.',
  },
  {
    id: 'noVerify',
    title: 'Signature not verified',
    how: 'Edit the payload (role: admin) and keep the old signature.',
    defence: 'The server verifies the signature before it reads a single claim; decoding is not verifying.',
  },
  {
    id: 'refreshReuse',
    title: 'Refresh token reuse',
    how: 'A thief replays the same refresh token the victim uses. Your browser will not hand its HttpOnly cookie to a script, so the lab sends two requests carrying it at once.',
    defence:
      'Every refresh token works once. A second use means it leaked, so the server revokes the whole family: thief and victim must sign in again.',
  },
  {
    id: 'localStorage',
    title: 'Token theft from localStorage',
    how: 'An injected script (XSS) reads localStorage and sends the access token to the attacker, who replays it.',
    defence:
      'The access token lives only in this page’s memory and the refresh token in an HttpOnly cookie, so there is nothing for a script to read. XSS can still act while the page is open: it is a mitigation, not a cure.',
  },
  {
    id: 'longTtl',
    title: 'Stolen access token a day later',
    how: 'Copy an access token, wait a day on the lab clock, and use it.',
    defence:
      'Access tokens live 15 minutes. A stolen one is soon worthless; the refresh token, which can be revoked, carries the session.',
  },
];
