import type { OAuthClient } from './repositories';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);
/**
 * A loopback redirect: http on a literal loopback IP, optional port, then the path.
 * RFC 8252 §8.3: not "localhost", which a resolver or hosts file may send elsewhere.
 * Registration and the any-port match below both use this one rule.
 */
export const LOOPBACK_REDIRECT = /^http:\/\/(127\.0\.0\.1|\[::1\])(:\d{1,5})?(?=\/)/;

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * Exact string comparison against the registered redirect URIs (RFC 9700
 * §4.1.3): no normalisation, no prefix, no pattern. The one exception is
 * RFC 8252 §7.3: a native app's loopback redirect may use any port, because
 * the app takes a free port at run time; scheme, host, path and query must
 * still be identical.
 */
export function redirectUriAllowed(client: OAuthClient, requested: string, exact: boolean): boolean {
  if (client.redirectUris.includes(requested)) return true;
  const url = parse(requested);
  if (!url || url.hash || requested.includes('#')) return false;
  for (const registered of client.redirectUris) {
    const reg = parse(registered);
    if (!reg) continue;
    if (exact) {
      if (client.kind !== 'native' || reg.protocol !== 'http:' || !LOOPBACK_HOSTS.has(reg.host.replace(/:\d+$/, '')))
        continue;
      const withoutPort = (u: URL) => `${u.protocol}//${u.hostname}${u.pathname}${u.search}`;
      // Compare the raw text too, so "%2e%2e" or "/./" that URL parsing would tidy up never matches.
      const rawRest = requested.replace(LOOPBACK_REDIRECT, '');
      const regRest = registered.replace(LOOPBACK_REDIRECT, '');
      if (
        url.protocol === 'http:' &&
        url.hostname === reg.hostname &&
        !url.username &&
        !url.password &&
        withoutPort(url) === withoutPort(reg) &&
        rawRest === regRest &&
        requested.startsWith(`http://${reg.hostname}`)
      )
        return true;
    } else if (url.hostname === reg.hostname) {
      // THE VULNERABLE MATCH (oauth.exactRedirectUri off): same host name, any port, path or query.
      return true;
    }
  }
  return false;
}
