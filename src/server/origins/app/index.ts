import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../../labs/lab-module';
import { randomToken } from '../../crypto/random';
import { createOriginServer } from '../origin-server';
import { registerApiDocs } from './plugins/api-docs';
import { registerGeneralRateLimit } from './plugins/rate-limit';
import { registerSecurityHeaders } from './plugins/security-headers';
import { accountRoutes } from './routes/accounts';
import { labRoutes } from './routes/lab';
import { labPerfRoutes } from './routes/lab-perf';

/** Paths the traffic view leaves out: its own feed, the docs page and the renderer's files. */
const isLabTraffic = (path: string) =>
  (path.startsWith('/api/') || path.startsWith('/.well-known/')) &&
  !path.startsWith('/api/lab/traffic') &&
  // The catalogue's own calls: a pasted token stays out of the table, and the server's runs record their own exchanges.
  !path.startsWith('/api/lab/attacks') &&
  // Its answer is an unsalted SHA-256 of whatever the learner typed: no copy of it at rest (ASVS 5.0 V11.4.2).
  path !== '/api/lab/password/demo-hash' &&
  // The same for the stored hash it shows (weak, it is that SHA-256).
  path !== '/api/lab/password/stored' &&
  !path.startsWith('/api/docs');

/** The app origin: every lab's /api routes, the renderer's files, and (later) the JWKS. */
export async function buildAppOrigin(
  ctx: LabContext,
  version: string,
  labs: readonly LabModule[],
): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'app', { recordPath: isLabTraffic });
  // Only JSON bodies: a cross-site <form> cannot send application/json, so
  // this alone stops "simple request" CSRF against JSON routes.
  app.removeContentTypeParser('text/plain');
  await registerSecurityHeaders(app);
  await registerGeneralRateLimit(app, ctx.generalLimit, ctx.config.apiLimit);
  await registerApiDocs(app, version, labs);
  // Cookie parsing and signing for every lab. The signing secret is random per lab, never in the code.
  await app.register(fastifyCookie, {
    secret: ctx.settings.getOrCreateSecret('cookies.secret', () => randomToken(32)),
  });

  // Lab control (health, meta and /api/lab/*) and registration: each an encapsulated plugin too.
  // no-store for /api/lab/* is set for every lab at once, in origin-server.ts.
  await app.register(labRoutes(ctx, version));
  await app.register(labPerfRoutes);
  await app.register(accountRoutes(ctx));
  // Each lab's routes: one encapsulated plugin per lab, with its own hooks and guards.
  for (const lab of labs) if (lab.routes.app) await app.register(lab.routes.app);

  if (existsSync(ctx.config.rendererDir)) {
    await app.register(fastifyStatic, {
      root: ctx.config.rendererDir,
      prefix: '/',
      index: 'index.html',
      // Looks files up per request, so a renderer rebuilt while the lab runs is served at once.
      wildcard: true,
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>Auth Lab</title><p>The renderer is not built. Run <code>npm run serve</code>, which builds it.</p>',
        ),
    );
  }
  return app;
}
