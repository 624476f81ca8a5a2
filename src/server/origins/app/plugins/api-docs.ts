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
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
}
