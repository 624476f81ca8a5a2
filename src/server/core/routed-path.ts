import type { FastifyRequest } from 'fastify';

/**
 * The path a request was routed by: the matched route's template (e.g.
 * `/api/lab/attacks/:id/run`), or for an unmatched one its decoded path.
 * Checks that decide by path prefix read this, never the raw URL: the router
 * decodes `%6C` to `l`, so `/api/%6Cab/reset` reaches `/api/lab/reset` while
 * its raw URL does not start with `/api/lab/`.
 */
export function routedPath(request: FastifyRequest): string {
  const template = request.routeOptions.url;
  if (template) return template;
  const raw = request.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
