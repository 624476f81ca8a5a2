import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../../../core/errors';
import { runChecks, single } from '../checks/check';
import { AUTHORIZE_CHECKS, AuthorizePageError, PAGE_CHECKS, type AuthorizeRequest } from '../checks/authorize';
import { isFormType } from '../checks/token/check-form-body';
import { messagePage, signInPage } from '../pages';
import type { Interaction } from '../repositories';
import type { OAuthServices } from '../services';
import { sendPage, type FrontChannel } from './front-channel';
import { params } from '../schemas';

const AuthorizeParams = params(
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'max_age',
  'prompt',
  'request',
  'request_uri',
);

/**
 * The authorization endpoint (RFC 6749 §4.1.1, OIDC Core 1.0 §3.1.2): its
 * checks, then sign-in or consent. Served on GET (query) and on POST (a
 * form body), as OIDC Core 1.0 §3.1.2.1 requires; both run the same checks.
 */
export const authorizeRoutes =
  (lab: OAuthServices, channel: FrontChannel): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;
    async function authorize(request: FastifyRequest, reply: FastifyReply, query: Record<string, unknown>) {
      const checked: AuthorizeRequest = { lab, query };
      try {
        runChecks(PAGE_CHECKS, checked);
      } catch (error) {
        if (!(error instanceof AuthorizePageError)) throw error;
        return sendPage(reply, 400, messagePage(error.title, error.text, error.code));
      }
      const redirectUri = checked.redirectUri!;
      const state = single(query.state);
      const fail = (error: string, description: string) =>
        channel.backToClient(reply, redirectUri, { error, error_description: description, state });
      try {
        runChecks(AUTHORIZE_CHECKS, checked);
      } catch (error) {
        if (!(error instanceof LabError)) throw error;
        return fail(error.code, error.message);
      }
      lab.clients.markUsed(checked.client!, ctx.clock.nowMs());
      const interaction: Interaction = {
        kind: 'authorize',
        browser: channel.browserOf(request, reply),
        clientId: checked.client!.clientId,
        scope: checked.scopes!.join(' '),
        redirectUri,
        responseType: checked.responseType,
        state,
        nonce: single(query.nonce),
        codeChallenge: checked.codeChallenge,
        maxAge: checked.maxAge,
        prompt: checked.prompt,
      };
      const session = channel.currentSession(request);
      const tooOld =
        session && interaction.maxAge !== undefined && ctx.clock.epochSeconds() - session.authTime > interaction.maxAge;
      const needsLogin = !session || tooOld || (checked.prompt ?? '').split(' ').includes('login');
      if (needsLogin && checked.prompt === 'none')
        return fail('login_required', 'The user is not signed in at Lab ID.');
      const { id, csrf } = channel.newInteraction(interaction);
      if (needsLogin)
        return sendPage(reply, 200, signInPage({ interaction: id, csrf, clientName: checked.client!.name }));
      return channel.consentOrFinish(reply, id, csrf, interaction, session);
    }

    app.get('/authorize', { schema: { querystring: AuthorizeParams } }, (request, reply) =>
      authorize(request, reply, request.query),
    );
    app.post('/authorize', { schema: { body: AuthorizeParams }, attachValidation: true }, async (request, reply) => {
      // OIDC Core 1.0 §3.1.2.1: POST carries the parameters form-encoded in the body.
      if (!isFormType(request.headers['content-type']))
        return sendPage(
          reply,
          400,
          messagePage(
            'This request cannot continue',
            'Send the authorization request as a form (application/x-www-form-urlencoded).',
            'invalid_request',
          ),
        );
      return authorize(request, reply, (request.body ?? {}) as Record<string, unknown>);
    });
  };
