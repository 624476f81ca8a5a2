import type { FastifyRequest } from 'fastify';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Is the page that will hold a cookie a secure context? Browsers treat
 * https and loopback addresses as "potentially trustworthy", and Chromium
 * stores a Secure cookie set over http://127.0.0.1 (checked by experiment:
 * see docs/labs/session.md). On a LAN address over plain http a Secure cookie
 * would be dropped, so every lab sets Secure only where it can work.
 */
export function isSecureContext(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return true;
  return LOOPBACK.has(request.hostname.replace(/:\d+$/, '').toLowerCase());
}
