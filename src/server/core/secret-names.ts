/**
 * The one list of secret field and header names, read by the traffic
 * recorder (what it masks or fingerprints before storing an exchange) and by
 * the operational log (what it redacts). A secret must never be stored or
 * logged in clear (OWASP Logging Cheat Sheet, "Data to exclude").
 */

/**
 * Keys whose values are masked in what is recorded: passwords under any usual
 * name (password, new_password, passwd, pass, pwd, passphrase…), one-time
 * codes, client secrets and TOTP seeds (secret, otpauthUrl and the QR code
 * that carries it). The built-in authenticator's answer is covered too: its
 * codes, and the seed and HMAC bytes its explanation shows (keyHex, hmacHex,
 * sliceHex, truncated), each enough to make or read a code. A secret must
 * never be stored in clear (ASVS 5.0 V16.2.5).
 */
const MASKED_KEYS =
  /^(?:[\w-]*pass(?:word|wd|phrase)?|[\w-]*pwd|otp|totp|recovery[-_]?codes?|codes|[\w-]*secret|otpauth[\w-]*|qr[-_]?data[-_]?url|key[-_]?hex|hmac[-_]?hex|slice[-_]?hex|truncated)$/i;
/**
 * Keys whose values are live credentials that a copy of the database must not
 * hand out: session ids, MFA tickets, every kind of token (access, refresh,
 * ID, CSRF), OAuth authorization and device codes, PKCE verifiers and Lab ID's
 * interaction handles. They are replaced by a fingerprint, so the learner can
 * still follow one value from exchange to exchange.
 */
const FINGERPRINTED_KEYS =
  /^(?:sid|session[-_]?id|[\w-]*ticket|[\w-]*token|[\w-]*csrf|interaction|code|device[-_]?code|code[-_]?verifier)$/i;
/**
 * Headers that carry credentials in a structure of their own: a cookie list,
 * or an authentication scheme and its credential. The recorder parses them
 * (keeping cookie names and the scheme), the log drops them whole.
 */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'] as const;
export type CredentialHeader = (typeof CREDENTIAL_HEADERS)[number];
const credentialHeaders: ReadonlySet<string> = new Set(CREDENTIAL_HEADERS);

/** What a key's value gets. */
export type SecretKind = 'masked' | 'fingerprinted' | 'shown';
/** Kinds by key, worked out once per key: the same few header and field names come back in every exchange. */
const keyKinds = new Map<string, SecretKind>();
const MAX_KNOWN_KEYS = 1000;

/** What the value under this field or header name gets: masked, fingerprinted or shown. */
export function secretKind(key: string): SecretKind {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    kind = MASKED_KEYS.test(key) ? 'masked' : FINGERPRINTED_KEYS.test(key) ? 'fingerprinted' : 'shown';
    if (keyKinds.size >= MAX_KNOWN_KEYS) keyKinds.clear();
    keyKinds.set(key, kind);
  }
  return kind;
}

/** Whether a field or header of this name holds a secret: the log redacts its value. */
export function isSecretName(name: string): boolean {
  return credentialHeaders.has(name.toLowerCase()) || secretKind(name) !== 'shown';
}
