import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../common/schemas/common';
import { VictimOpenBody, VictimVisit } from '../../../common/schemas/oauth';
import type { OAuthServices } from './services';
import { openAsVictim } from './victim';

/** The walkthroughs' scripted victim on the app origin: the learner, as the attacker, sends it a link. */
export const victimRoutes =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/lab/oauth/victim/open',
      {
        schema: {
          tags: ['oauth'],
          summary:
            'Lab only: the scripted victim (the demo user, signed in to Lab ID) opens a link on a lab origin, then looks at Your App',
          body: VictimOpenBody,
          response: { 200: VictimVisit, ...errorResponses(400, 409, 413, 415) },
        },
      },
      async (request) => openAsVictim(lab, request.body.url),
    );
  };
