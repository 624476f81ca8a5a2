import { LabError } from '../../core/errors';
import { constantTimeEqual } from '../../crypto/random';
import { oauthError } from './oauth-error';
import { sha256, type OAuthClient } from './repositories';
import type { OAuthServices } from './services';

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
export function readClientCredentials(authorization: string | undefined, body: Record<string, unknown>) {
  const bodyId = typeof body.client_id === 'string' ? body.client_id : undefined;
  const bodySecret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    // RFC 6749 §2.3: a client must not use more than one authentication method per request.
    if (bodySecret !== undefined) throw oauthError(400, 'invalid_request', 'Use one client authentication method.');
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw oauthError(401, 'invalid_client', 'Malformed Basic credentials.');
    try {
      const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      const clientId = formDecode(decoded.slice(0, colon));
      const clientSecret = formDecode(decoded.slice(colon + 1));
      if (bodyId !== undefined && bodyId !== clientId)
        throw oauthError(400, 'invalid_request', 'client_id does not match the Authorization header.');
      return { clientId, clientSecret, method: 'client_secret_basic' } satisfies ClientCredentials;
    } catch (error) {
      if (error instanceof LabError) throw error;
      throw oauthError(401, 'invalid_client', 'Malformed Basic credentials.');
    }
  }
  if (bodySecret !== undefined)
    return { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' } as const;
  return { clientId: bodyId, method: 'none' } as const;
}

/**
 * Client authentication (RFC 6749 §2.3). Confidential clients prove their
 * secret with client_secret_basic or client_secret_post; public clients name
 * themselves only. A wrong secret and an unknown client get the same 401.
 */
export function authenticateClient(lab: OAuthServices, credentials: ClientCredentials): OAuthClient {
  lab.ensureDemoClients();
  const unknown = () => oauthError(401, 'invalid_client', 'Client authentication failed.');
  if (!credentials.clientId) throw unknown();
  const client = lab.clients.find(credentials.clientId);
  if (!client) throw unknown();
  if (client.authMethod === 'none') {
    if (credentials.method !== 'none') throw unknown();
    lab.clients.markUsed(client, lab.ctx.clock.nowMs());
    return client;
  }
  if (credentials.method === 'none' || !credentials.clientSecret || !client.secretHash) throw unknown();
  if (!constantTimeEqual(sha256(credentials.clientSecret), client.secretHash)) throw unknown();
  // RFC 7591 §2 / RFC 6749 §5.2: a client authenticates only by the method it registered, so a
  // secret copied from a Basic header into a form body (or the reverse) is not accepted.
  if (credentials.method !== client.authMethod)
    throw oauthError(401, 'invalid_client', `This client must authenticate with ${client.authMethod}.`);
  lab.clients.markUsed(client, lab.ctx.clock.nowMs());
  return client;
}
