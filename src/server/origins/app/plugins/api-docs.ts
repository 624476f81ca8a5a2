import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { LabModule } from '../../../labs/lab-module';

/**
 * OpenAPI document at /api/docs/json and an interactive page at /api/docs,
 * built from the route schemas; each lab names and describes its own tag.
 */
export async function registerApiDocs(
  app: FastifyInstance,
  version: string,
  labs: readonly LabModule[],
): Promise<void> {
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
        ...labs.flatMap((lab) => (lab.apiTag ? [lab.apiTag] : [])),
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
