import { oauthError } from './oauth-error';
import type { OAuthClient } from './repositories';
import { SCOPES } from './settings';

export function parseScope(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length > 1000) return [];
  return [...new Set(raw.split(' ').filter(Boolean))];
}

/** The scopes a client may ask for (RFC 6749 §3.3): known to Lab ID and allowed for this client. */
export function checkScopes(client: OAuthClient, scopes: string[]): void {
  const allowed = new Set(client.scope.split(' '));
  const bad = scopes.filter((s) => !(s in SCOPES) || !allowed.has(s));
  if (bad.length > 0 || scopes.length === 0)
    throw oauthError(400, 'invalid_scope', `Scope not allowed for this client: ${bad.join(' ') || '(empty)'}.`);
}
