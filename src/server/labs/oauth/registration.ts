import { randomToken } from '../../crypto/random';
import { DEVICE_GRANT } from './device-authorization';
import { oauthError } from './oauth-error';
import { parseScope } from './scope';
import { REGISTERED_CLIENT_LIMIT, SCOPES } from './settings';
import type { OAuthServices } from './services';
import { sha256 } from './repositories';
import { LOOPBACK_REDIRECT } from './redirect-uri';

type Params = Record<string, unknown>;

/** A name as a reader sees it: compatibility forms, accents, invisible characters, case and spacing folded. */
const nameAsSeen = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();

/**
 * The consent page shows client_name to the user, so a new client may not
 * take a name Lab ID already shows for another one, such as "Your App"
 * (RFC 7591 §5: the server should check names that could mislead the user).
 */
function checkNameIsOwn(lab: OAuthServices, name: string) {
  const seen = nameAsSeen(name);
  const copied = lab.clients.list().find((client) => nameAsSeen(client.name) === seen);
  if (copied)
    throw oauthError(
      400,
      'invalid_client_metadata',
      `client_name copies the name of a client Lab ID already knows ("${copied.name}"); choose your own.`,
    );
}

/** RFC 7591 §2: validates the metadata and stores a new client; the secret is returned once and kept as a hash. */
export function registerClient(lab: OAuthServices, meta: Params) {
  // A bound on open registration, so a loop of registrations cannot fill the database.
  if (lab.clients.countRegistered() >= REGISTERED_CLIENT_LIMIT)
    throw oauthError(
      409,
      'conflict',
      `Lab ID holds ${REGISTERED_CLIENT_LIMIT} registered clients, its limit. Unused ones are removed a day after registration (lab clock); Reset lab removes them all.`,
    );
  const bad = (message: string, code: 'invalid_client_metadata' | 'invalid_redirect_uri' = 'invalid_client_metadata') =>
    oauthError(400, code, message);
  const method = meta.token_endpoint_auth_method ?? 'client_secret_basic';
  if (method !== 'client_secret_basic' && method !== 'client_secret_post' && method !== 'none')
    throw bad('token_endpoint_auth_method must be client_secret_basic, client_secret_post or none.');
  const grants = meta.grant_types ?? ['authorization_code'];
  const allowedGrants = ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_GRANT];
  if (
    !Array.isArray(grants) ||
    grants.length === 0 ||
    grants.length > 4 ||
    grants.some((g) => !allowedGrants.includes(g as string))
  )
    throw bad(`grant_types may only contain ${allowedGrants.join(', ')} (implicit and password are not offered).`);
  if (grants.includes('client_credentials') && method === 'none')
    throw bad('client_credentials needs a confidential client.');
  const uris = meta.redirect_uris ?? [];
  if (!Array.isArray(uris) || uris.length > 10 || uris.some((u) => typeof u !== 'string' || u.length > 500))
    throw bad('redirect_uris must be an array of at most 10 URLs.', 'invalid_redirect_uri');
  if (grants.includes('authorization_code') && uris.length === 0)
    throw bad('The authorization code grant needs at least one redirect_uri.', 'invalid_redirect_uri');
  for (const uri of uris as string[]) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw bad(`Not an absolute URL: ${uri}`, 'invalid_redirect_uri');
    }
    // RFC 6749 §3.1.2: no fragment; RFC 9700 §4.1: no wildcards or credentials; http only on loopback.
    if (uri.includes('#') || url.username || url.password || uri.includes('*'))
      throw bad(`redirect_uri may not carry a fragment, credentials or wildcards: ${uri}`, 'invalid_redirect_uri');
    const privateUse = url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol.slice(0, -1).includes('.');
    if (!(url.protocol === 'https:' || LOOPBACK_REDIRECT.test(uri) || (privateUse && method === 'none')))
      throw bad(
        `redirect_uri must be https, http on 127.0.0.1 or [::1] (not localhost), or (native) a private-use scheme: ${uri}`,
        'invalid_redirect_uri',
      );
  }
  const name = meta.client_name ?? 'Registered client';
  if (typeof name !== 'string' || name.length > 100)
    throw bad('client_name must be a string of at most 100 characters.');
  if (meta.client_name !== undefined) checkNameIsOwn(lab, name);
  const scope = meta.scope ?? 'openid profile email offline_access';
  const scopes = parseScope(scope);
  if (!scopes || scopes.length === 0 || scopes.some((s) => !(s in SCOPES))) throw bad('scope names an unknown scope.');
  const native =
    method === 'none' && (uris as string[]).every((u) => LOOPBACK_REDIRECT.test(u) || !u.startsWith('http'));
  const clientId = `dyn-${randomToken(12)}`;
  const secret = method === 'none' ? undefined : randomToken(32);
  const nowMs = lab.ctx.clock.nowMs();
  lab.clients.insert({
    clientId,
    name,
    secretHash: secret ? sha256(secret) : null,
    kind: method === 'none' ? (native ? 'native' : 'spa') : uris.length === 0 ? 'machine' : 'web',
    authMethod: method,
    redirectUris: uris as string[],
    grantTypes: grants as string[],
    scope: scopes.join(' '),
    demo: false,
    createdAt: nowMs,
  });
  return {
    client_id: clientId,
    ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    client_id_issued_at: Math.floor(nowMs / 1000),
    client_name: name,
    redirect_uris: uris,
    grant_types: grants,
    response_types: grants.includes('authorization_code') ? ['code'] : [],
    token_endpoint_auth_method: method,
    scope: scopes.join(' '),
  };
}
