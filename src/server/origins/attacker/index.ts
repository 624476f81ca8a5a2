import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../../labs/lab-module';
import { createOriginServer } from '../origin-server';
import { html } from '../../core/html';
import { attackerLayout } from '../../core/html-layouts';

/**
 * The attacker's site. It is served from a different host name than the app
 * (localhost vs 127.0.0.1), so the browser treats it as cross-site and
 * SameSite rules apply to everything it starts.
 */
export async function buildAttackerOrigin(ctx: LabContext, labs: readonly LabModule[]): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'attacker');
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        attackerLayout(
          'Totally legit page',
          html`<p>The attacker’s site. The labs put their attack pages here.</p><p><a href="/probe/samesite">SameSite probe</a></p>`,
        ),
      ),
  );
  // A cross-site link to the app's probe: following it must not carry the app's SameSite=Strict cookie.
  app.get('/probe/samesite', async (_request, reply) => {
    const target = `${ctx.origins.app}/api/lab/probe/samesite`;
    return reply
      .type('text/html; charset=utf-8')
      .send(
        attackerLayout(
          'SameSite probe',
          html`<h2>Cross-site request</h2><p><a id="probe" href="${target}">Open the app’s probe from here</a></p>`,
        ),
      );
  });
  // Each lab's attack pages, as its own plugin: the attacker site holds no lab's state.
  for (const lab of labs) if (lab.routes.attacker) await app.register(lab.routes.attacker);
  return app;
}
