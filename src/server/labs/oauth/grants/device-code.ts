import type { OAuthClient } from '../repositories';
import type { OAuthServices } from '../services';
import { single as str } from '../checks/check';
import { oauthError } from '../oauth-error';
import { signUserTokens } from '../tokens';

/** RFC 8628 §3.4–3.5: polling with authorization_pending and slow_down. */
export async function deviceCodeGrant(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  const deviceCode = str(body.device_code);
  if (!deviceCode) throw oauthError(400, 'invalid_request', 'device_code is required.');
  const row = lab.devices.find(deviceCode);
  const nowMs = lab.ctx.clock.nowMs();
  if (!row || row.clientId !== client.clientId) throw oauthError(400, 'invalid_grant', 'Unknown device_code.');
  if (row.expiresAt <= nowMs) throw oauthError(400, 'expired_token', 'The device code has expired. Start again.');
  if (row.status === 'denied') throw oauthError(400, 'access_denied', 'The user denied the request.');
  if (row.status === 'used') throw oauthError(400, 'invalid_grant', 'This device code was already used.');
  if (row.status === 'pending') {
    // Polling faster than the interval earns slow_down and 5 more seconds (RFC 8628 §3.5).
    if (row.lastPolledAt !== null && nowMs - row.lastPolledAt < row.intervalS * 1000) {
      lab.devices.polled(row.deviceCodeHash, nowMs, row.intervalS + 5);
      throw oauthError(400, 'slow_down', 'Polling too fast.', { interval: row.intervalS + 5 });
    }
    lab.devices.polled(row.deviceCodeHash, nowMs, row.intervalS);
    throw oauthError(400, 'authorization_pending', 'The user has not answered yet.');
  }
  // Sign first, then mark the device code used and store the tokens in one transaction, so a crash
  // in between leaves the approval for the device's next poll.
  const signed = await signUserTokens(lab, {
    client,
    userId: row.userId!,
    scopes: row.scope.split(' '),
    authTime: row.authTime ?? lab.ctx.clock.epochSeconds(),
    nonce: null,
    codeHash: null,
  });
  const used = lab.ctx.db.transaction(() => {
    if (!lab.devices.use(row.deviceCodeHash)) return false;
    signed.store();
    return true;
  })();
  if (!used) throw oauthError(400, 'invalid_grant', 'This device code was already used.');
  return signed.response;
}
