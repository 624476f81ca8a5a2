import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { randomToken } from '../../crypto/random';
import { oauthError } from './oauth-error';
import type { OAuthClient } from './repositories';
import { checkScopes, parseScope } from './scope';
import type { OAuthServices } from './services';
import { DEVICE_CODE_TTL_S, DEVICE_POLL_INTERVAL_S } from './settings';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ'; // RFC 8628 §6.1: no vowels, no look-alikes

/**
 * Uniform letters from USER_CODE_ALPHABET by rejection sampling: a byte of 240
 * or more is drawn again, since 256 is not a multiple of 20 and `b % 20` would
 * make the first 16 letters likelier (RFC 8628 §6.1 counts on the full entropy).
 */
export function userCodeLetters(count: number, randomBytes: (n: number) => Buffer = cryptoRandomBytes): string {
  const n = USER_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < count) {
    for (const b of randomBytes(count)) {
      if (b < limit && out.length < count) out += USER_CODE_ALPHABET[b % n];
    }
  }
  return out;
}

export function startDeviceAuthorization(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  if (!client.grantTypes.includes(DEVICE_GRANT))
    throw oauthError(400, 'unauthorized_client', 'This client may not use the device flow.');
  const scopes = parseScope(body.scope) ?? ['openid'];
  checkScopes(client, scopes);
  const deviceCode = randomToken(32);
  const letters = userCodeLetters(8);
  const userCode = `${letters.slice(0, 4)}-${letters.slice(4, 8)}`;
  lab.devices.insert(
    deviceCode,
    userCode,
    client.clientId,
    scopes.join(' '),
    DEVICE_POLL_INTERVAL_S,
    lab.ctx.clock.nowMs() + DEVICE_CODE_TTL_S * 1000,
  );
  const verificationUri = `${lab.issuer()}/device`;
  return {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
    expires_in: DEVICE_CODE_TTL_S,
    interval: DEVICE_POLL_INTERVAL_S,
  };
}
