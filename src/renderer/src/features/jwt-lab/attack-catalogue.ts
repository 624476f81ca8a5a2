import type { AttackContext, AttackEntry, AttackResult, AttackView } from '../../components/attack-catalogue';
import { ATTACKS, keyKind, type JwtAttackId } from './jwt-attacks';

/** Every JWT attack ends by reloading the keys and families the page shows. */
const attack =
  (id: JwtAttackId) =>
  async (ctx: AttackContext): Promise<AttackResult> => {
    try {
      return await ATTACKS[id](ctx);
    } finally {
      await ctx.get().jwtLoadState();
    }
  };

/** The key the key-confusion attack turns into an HMAC secret: the lab's own, or a borrowed RSA key under HS256. */
const confusedKey = (view: AttackView) =>
  !view.signingAlg || view.signingAlg === 'HS256'
    ? { kind: 'RSA', alg: 'RS256', borrowed: view.signingAlg === 'HS256' }
    : { kind: keyKind(view.signingAlg), alg: view.signingAlg, borrowed: false };

/** What each attack does and why the defence stops it, in the lab's own words. */
export const JWT_ATTACKS: AttackEntry[] = [
  {
    id: 'algNone',
    title: 'alg "none"',
    toggles: ['jwt.algorithmAllowList'],
    step: 'alg-none',
    how: ['Take a real token, change the header to alg "none", make yourself admin and delete the signature.'],
    defence:
      'The verifier decides which algorithms it accepts, never the token. "none" is not on the list, so an unsigned token is just text.',
    run: attack('algNone'),
  },
  {
    id: 'keyConfusion',
    title: 'Key confusion (public key as an HS256 secret)',
    toggles: ['jwt.algorithmAllowList'],
    step: 'key-confusion',
    how: (view) => {
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
    defence: (view) => {
      const key = confusedKey(view);
      return `Each key works with exactly one algorithm. The ${key.kind} key only verifies ${key.alg}, so an HS256 token that names it is refused.`;
    },
    run: attack('keyConfusion'),
  },
  {
    id: 'weakSecret',
    title: 'Crack a weak HS256 secret',
    toggles: ['jwt.strongSecret'],
    step: 'weak-secret',
    how: (view) => [
      ...(view.signingAlg && view.signingAlg !== 'HS256'
        ? [`The lab signs with ${view.signingAlg}: the attack rotates to an HS256 key first, and back afterwards.`]
        : []),
      'Capture one HS256 token and try a dictionary of words as the secret, offline, until the HMAC matches; then sign anything.',
    ],
    defence: 'The secret is 256 random bits. No dictionary holds it and brute force over 2^256 keys is hopeless.',
    run: attack('weakSecret'),
  },
  {
    id: 'kidInjection',
    title: 'kid SQL injection',
    toggles: ['jwt.kidSanitizing'],
    step: 'kid-injection',
    how: [
      "Put x' UNION SELECT 'attacker-secret' -- in the kid header: the key lookup returns a key the attacker chose.",
    ],
    defence:
      'The kid must match a short format and is passed to SQL as a parameter, so it can only ever name a real key.',
    run: attack('kidInjection'),
  },
  {
    id: 'noVerify',
    title: 'Signature not verified',
    toggles: ['jwt.verifySignature'],
    step: null,
    how: ['Edit the payload (role: admin) and keep the old signature.'],
    defence: 'The server verifies the signature before it reads a single claim; decoding is not verifying.',
    run: attack('noVerify'),
  },
  {
    id: 'refreshReuse',
    title: 'Refresh token reuse',
    toggles: ['jwt.refreshReuseDetection'],
    step: 'reuse',
    how: [
      'A thief replays the same refresh token the victim uses. Your browser will not hand its HttpOnly cookie to a script, so the lab sends two requests carrying it at once.',
    ],
    defence:
      'Every refresh token works once. A second use means it leaked, so the server revokes the whole family: thief and victim must sign in again.',
    run: attack('refreshReuse'),
  },
  {
    id: 'localStorage',
    title: 'Token theft from localStorage',
    toggles: ['jwt.storeInLocalStorage'],
    step: 'local-storage',
    how: ['An injected script (XSS) reads localStorage and sends the access token to the attacker, who replays it.'],
    defence:
      'The access token lives only in this page\u2019s memory and the refresh token in an HttpOnly cookie, so there is nothing for a script to read. XSS can still act while the page is open: it is a mitigation, not a cure.',
    run: attack('localStorage'),
  },
  {
    id: 'longTtl',
    title: 'Stolen access token a day later',
    toggles: ['jwt.shortAccessTtl'],
    step: null,
    how: [
      'Copy an access token, wait a day on the lab clock, and use it.',
      'The lab clock goes back to where it was afterwards.',
    ],
    defence:
      'Access tokens live 15 minutes. A stolen one is soon worthless; the refresh token, which can be revoked, carries the session.',
    run: attack('longTtl'),
  },
];
