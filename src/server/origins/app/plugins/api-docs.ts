import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI document at /api/docs/json and an interactive page at /api/docs, built from the route schemas. */
export async function registerApiDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Auth Lab API',
        version,
        description: 'The lab servers\u2019 HTTP contract. Every error body is { error, message }.',
      },
      tags: [
        { name: 'lab', description: 'Lab control: health, meta, accounts, reset, toggles, clock, inbox, traffic' },
        { name: 'accounts', description: 'Registration and passwords' },
        {
          name: 'drills',
          description: 'Interview drills: cards, FSRS due queue, reviews, stats, deck and progress import/export',
        },
        { name: 'session', description: 'Session lab: cookie sessions, CSRF, fixation' },
        { name: 'jwt', description: 'JWT lab: bearer access tokens, rotating refresh cookie, keys and JWKS' },
        {
          name: 'oauth',
          description: 'OAuth lab: the lab API (a resource server for Lab ID tokens) and lab-only runs',
        },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: API_DOCS_CSP });
}

/**
 * The docs page's own CSP, as strict as the app shell's. swagger-ui's default
 * (`staticCSP: true`) blocks the one <style> element swagger-ui inserts (a
 * console error on every visit), allows any https: style and font, and adds
 * upgrade-insecure-requests, which breaks plain http on a LAN address
 * (`--host`). Here that one style is allowed by its hash (CSP Level 3 §8.3),
 * no inline script is allowed, and nothing is loaded from elsewhere.
 * After a swagger-ui upgrade, the API docs e2e test names a changed hash.
 */
const API_DOCS_CSP = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"],
};
