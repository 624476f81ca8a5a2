import type { AttackView, LabDeclaration } from '../lab-registry';
import { JWT_WALKTHROUGHS as WALKTHROUGHS } from './jwt-walkthroughs';

/** The family name of the key behind an asymmetric JWS algorithm, as a learner would say it. */
export function keyKind(alg: string | undefined): string {
  if (alg?.startsWith('RS') || alg?.startsWith('PS')) return 'RSA';
  if (alg?.startsWith('ES')) return 'EC';
  if (alg === 'EdDSA') return 'Ed25519';
  return 'asymmetric';
}

/** The key the key-confusion attack turns into an HMAC secret: the lab's own, or a borrowed RSA key under HS256. */
const confusedKey = (view: AttackView) =>
  !view.signingAlg || view.signingAlg === 'HS256'
    ? { kind: 'RSA', alg: 'RS256', borrowed: view.signingAlg === 'HS256' }
    : { kind: keyKind(view.signingAlg), alg: view.signingAlg, borrowed: false };

/** The JWT lab: signed access tokens, rotating refresh tokens, and the attacks on both. */
export const JWT_LAB = {
  id: 'jwt-lab',
  title: 'JWT lab',
  steps: [
    'decode',
    'countdown',
    'refresh',
    'reuse',
    'logout',
    'logout-all',
    'key-rotation',
    'alg-none',
    'key-confusion',
    'weak-secret',
    'kid-injection',
    'local-storage',
  ],
  toggles: [
    {
      name: 'jwt.algorithmAllowList',
      label: 'Only allow-listed algorithms verify, and each key works with its one algorithm',
      whenOff:
        'The header picks the algorithm: "alg: none" passes with no signature, and HS256 signed with the public RSA key (key confusion) passes.',
      source: 'RFC 8725 §2.1, §3.1 and §3.2; OWASP JWT Cheat Sheet',
    },
    {
      name: 'jwt.strongSecret',
      label: 'HS256 secrets are 256 random bits',
      whenOff:
        'The HS256 secret is a dictionary word, so one captured token is enough to crack it offline and forge any token.',
      source: 'RFC 7518 §3.2; RFC 8725 §3.5',
    },
    {
      name: 'jwt.kidSanitizing',
      label: 'The kid header is format-checked and looked up with a parameterized query',
      whenOff:
        "The kid is pasted into SQL, so a kid like \"x' UNION SELECT 'attacker-secret' --\" makes the server verify with a key the attacker chose.",
      source: 'RFC 8725 §3.10; OWASP SQL Injection Prevention Cheat Sheet',
    },
    {
      name: 'jwt.verifySignature',
      label: 'Access tokens are verified, not just decoded',
      whenOff: 'The server only decodes the token, so anyone can edit the claims (role: admin) and keep any signature.',
      source: 'RFC 7519 §7.2; RFC 8725 §3.1',
    },
    {
      name: 'jwt.refreshReuseDetection',
      label: 'A reused refresh token revokes its whole family',
      whenOff: 'A stolen refresh token keeps working after the victim has rotated it, and nobody notices.',
      source: 'RFC 9700 §4.14.2; OAuth 2.0 Security BCP',
    },
    {
      name: 'jwt.shortAccessTtl',
      label: 'Access tokens live 15 minutes',
      whenOff: 'Access tokens live 30 days, so a stolen one keeps working for a month.',
      source: 'RFC 9700 §4.14; OWASP JWT Cheat Sheet (token lifetime)',
    },
    {
      name: 'jwt.accessTokenInMemory',
      renamedFrom: 'jwt.storeInLocalStorage',
      label: 'The lab client keeps the access token in memory only',
      whenOff:
        'The lab client keeps the access token in localStorage, where any injected script can read and steal it.',
      source: 'OWASP HTML5 Security Cheat Sheet (local storage); RFC 9700 §4.14 (token theft)',
    },
  ],
  attacks: [
    {
      id: 'algNone',
      title: 'alg "none"',
      defeats: ['jwt.algorithmAllowList'],
      step: 'alg-none',
      difficulty: 'beginner',
      references: ['RFC 8725 §2.1', 'RFC 8725 §3.1', 'OWASP JWT Cheat Sheet'],
      how: ['Take a real token, change the header to alg "none", make yourself admin and delete the signature.'],
      defence:
        'The verifier decides which algorithms it accepts, never the token. "none" is not on the list, so an unsigned token is just text.',
      walkthrough: WALKTHROUGHS.algNone,
    },
    {
      id: 'keyConfusion',
      title: 'Key confusion (public key as an HS256 secret)',
      defeats: ['jwt.algorithmAllowList'],
      step: 'key-confusion',
      difficulty: 'expert',
      references: ['RFC 8725 §2.1', 'RFC 8725 §3.2', 'OWASP JWT Cheat Sheet'],
      how: (view: AttackView) => {
        const key = confusedKey(view);
        return [
          ...(key.borrowed
            ? [
                'The lab signs with HS256, which has no public key to confuse: the attack rotates to an RS256 key first, and back to HS256 afterwards.',
              ]
            : []),
          `Download the public ${key.kind} key from the JWKS, then sign a token with HS256 using that public PEM text as the HMAC secret.`,
        ];
      },
      defence: (view: AttackView) => {
        const key = confusedKey(view);
        return `Each key works with exactly one algorithm. The ${key.kind} key only verifies ${key.alg}, so an HS256 token that names it is refused.`;
      },
      walkthrough: WALKTHROUGHS.keyConfusion,
    },
    {
      id: 'weakSecret',
      title: 'Crack a weak HS256 secret',
      defeats: ['jwt.strongSecret'],
      step: 'weak-secret',
      difficulty: 'practitioner',
      references: ['RFC 7518 §3.2', 'RFC 8725 §3.5'],
      how: (view: AttackView) => [
        ...(view.signingAlg && view.signingAlg !== 'HS256'
          ? [`The lab signs with ${view.signingAlg}: the attack rotates to an HS256 key first, and back afterwards.`]
          : []),
        'Capture one HS256 token and try a dictionary of words as the secret, offline, until the HMAC matches; then sign anything.',
      ],
      defence: 'The secret is 256 random bits. No dictionary holds it and brute force over 2^256 keys is hopeless.',
      walkthrough: WALKTHROUGHS.weakSecret,
    },
    {
      id: 'kidInjection',
      title: 'kid SQL injection',
      defeats: ['jwt.kidSanitizing'],
      step: 'kid-injection',
      difficulty: 'expert',
      references: ['RFC 8725 §3.10', 'OWASP SQL Injection Prevention Cheat Sheet'],
      how: [
        "Put x' UNION SELECT 'attacker-secret' -- in the kid header: the key lookup returns a key the attacker chose.",
      ],
      defence:
        'The kid must match a short format and is passed to SQL as a parameter, so it can only ever name a real key.',
      walkthrough: WALKTHROUGHS.kidInjection,
    },
    {
      id: 'noVerify',
      title: 'Signature not verified',
      defeats: ['jwt.verifySignature'],
      step: null,
      difficulty: 'beginner',
      references: ['RFC 7519 §7.2', 'RFC 8725 §3.1'],
      how: ['Edit the payload (role: admin) and keep the old signature.'],
      defence: 'The server verifies the signature before it reads a single claim; decoding is not verifying.',
      walkthrough: WALKTHROUGHS.noVerify,
    },
    {
      id: 'refreshReuse',
      title: 'Refresh token reuse',
      defeats: ['jwt.refreshReuseDetection'],
      step: 'reuse',
      difficulty: 'practitioner',
      references: ['RFC 9700 §4.14.2'],
      how: [
        'A thief replays the same refresh token the victim uses. Your browser will not hand its HttpOnly cookie to a script, so the lab sends two requests carrying it at once.',
      ],
      defence:
        'Every refresh token works once. A second use means it leaked, so the server revokes the whole family: thief and victim must sign in again.',
      walkthrough: WALKTHROUGHS.refreshReuse,
    },
    {
      id: 'localStorage',
      title: 'Token theft from localStorage',
      defeats: ['jwt.accessTokenInMemory'],
      step: 'local-storage',
      difficulty: 'beginner',
      references: ['OWASP HTML5 Security Cheat Sheet', 'RFC 9700 §4.14'],
      how: ['An injected script (XSS) reads localStorage and sends the access token to the attacker, who replays it.'],
      defence:
        'The access token lives only in this page\u2019s memory and the refresh token in an HttpOnly cookie, so there is nothing for a script to read. XSS can still act while the page is open: it is a mitigation, not a cure.',
      walkthrough: WALKTHROUGHS.localStorage,
      // Only a real page has a localStorage for an injected script to read.
      runsIn: 'browser',
    },
    {
      id: 'longTtl',
      title: 'Stolen access token a day later',
      defeats: ['jwt.shortAccessTtl'],
      step: null,
      difficulty: 'beginner',
      references: ['RFC 9700 §4.14', 'OWASP JWT Cheat Sheet'],
      how: [
        'Copy an access token, wait a day on the lab clock, and use it.',
        'The lab clock goes back to where it was afterwards.',
      ],
      defence:
        'Access tokens live 15 minutes. A stolen one is soon worthless; the refresh token, which can be revoked, carries the session.',
      walkthrough: WALKTHROUGHS.longTtl,
    },
  ],
} as const satisfies LabDeclaration;
