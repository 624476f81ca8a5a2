import { AsyncLocalStorage } from 'node:async_hooks';
import { BlockList, isIPv4 } from 'node:net';
import type { ToggleRegistry } from './toggles';

/** Fastify's `trustProxy` as a function: is the hop at `address` (0 = the socket peer) a proxy we believe? */
export type TrustProxyFn = (address: string, hop: number) => boolean;

/** The configured proxies (`--trust-proxy`, already checked by parseTrustProxy) as a set to test addresses against. */
function trustedProxies(list: string): BlockList {
  const proxies = new BlockList();
  for (const entry of list.split(',').filter(Boolean)) {
    const [address = '', bits] = entry.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) proxies.addAddress(address, family);
    else proxies.addSubnet(address, Number(bits), family);
  }
  return proxies;
}

const unmapped = (address: string) => (address.startsWith('::ffff:') ? address.slice(7) : address);

/**
 * Who is the client? Fastify walks X-Forwarded-For from the socket peer
 * backwards and stops at the first hop this function does not trust, so
 * `request.ip` is the socket address unless a configured proxy sent the
 * request. X-Forwarded-For is written by the client: believing it from anyone
 * lets one client claim a new IP per request and walk past every per-IP limit
 * (OWASP ASVS 5.0 V4.1.3: headers set by an intermediary must not be settable by the client;
 * OWASP Credential Stuffing Prevention Cheat Sheet, "IP-based rate limiting").
 *
 * With `ratelimit.ignoreForwardedFor` off, every hop is trusted, as with
 * Fastify's `trustProxy: true` on a server that sits behind no proxy at all.
 */
export function clientAddressTrust(toggles: ToggleRegistry, trustProxy: string): TrustProxyFn {
  const configured = configuredProxyTrust(trustProxy);
  return (address) => !toggles.isOn('ratelimit.ignoreForwardedFor') || configured(address);
}

/** Is this hop one of the configured proxies (`--trust-proxy`)? Whatever the lab's toggles say. */
function configuredProxyTrust(trustProxy: string): (address: string) => boolean {
  const proxies = trustProxy ? trustedProxies(trustProxy) : null;
  return (address) => {
    if (!proxies) return false;
    const plain = unmapped(address);
    return proxies.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
  };
}

/**
 * The client as the configured proxies name it, never as the teaching toggle
 * lets a client claim: the socket peer, walked back through X-Forwarded-For
 * only while the hop is a configured proxy. Work shared out by client (the
 * bcrypt queue) keys on this, so switching `ratelimit.ignoreForwardedFor` off
 * for a lesson does not let one client pose as many and take every turn.
 */
export function configuredClientAddress(
  trustProxy: string,
): (socket: string, forwardedFor: string | undefined) => string {
  const trusted = configuredProxyTrust(trustProxy);
  return (socket, forwardedFor) => {
    let client = unmapped(socket);
    const hops = (forwardedFor ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean)
      .reverse();
    for (const hop of hops) {
      if (!trusted(client)) break;
      client = unmapped(hop);
    }
    return client;
  };
}

/**
 * The client (`request.ip`) whose request is being served, for work queued on
 * its behalf far from the route: the bcrypt pool shares its workers fairly by
 * it (crypto/password-hasher.ts). Set by every origin before the handler runs.
 */
export const servedClient = new AsyncLocalStorage<string>();
