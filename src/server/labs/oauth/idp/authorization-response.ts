import type { FastifyReply } from 'fastify';
import { consentPage } from '../pages';
import type { Interaction } from '../repositories';
import type { OAuthServices } from '../services';
import { ACCESS_TTL_S, SCOPES } from '../settings';
import { errorDescription } from '../oauth-error';
import { issueAccessToken, issueCode } from '../tokens';
import { sendPage } from './send-page';

/** How an authorization ends: a redirect back to the client with a code, a token or an error, or the consent page. */
export function authorizationResponses(lab: OAuthServices, clientName: (clientId: string) => string) {
  const responses = {
    /** Builds a redirect back to a *verified* redirect_uri, always with iss (RFC 9207), the state as sent and an ASCII error_description. */
    backToClient(
      reply: FastifyReply,
      redirectUri: string,
      params: Record<string, string | undefined>,
      fragment = false,
    ) {
      const url = new URL(redirectUri);
      const out = fragment ? new URLSearchParams() : url.searchParams;
      for (const [key, value] of Object.entries({ ...params, iss: lab.issuer() }))
        if (value !== undefined) out.set(key, key === 'error_description' ? errorDescription(value) : value);
      if (fragment) url.hash = out.toString();
      return reply.redirect(url.toString(), 303);
    },

    async finishAuthorization(
      reply: FastifyReply,
      interaction: Interaction,
      session: { userId: number; authTime: number },
    ) {
      const redirectUri = interaction.redirectUri!;
      if (interaction.responseType === 'token') {
        const client = lab.clients.find(interaction.clientId)!;
        const scopes = interaction.scope.split(' ');
        const accessToken = await issueAccessToken(lab, {
          client,
          userId: session.userId,
          scopes,
          authTime: session.authTime,
          familyId: null,
          codeHash: null,
        });
        // THE IMPLICIT GRANT (oauth.refuseImplicitAndPassword off): the token itself rides in the URL fragment.
        const fields = { access_token: accessToken, token_type: 'Bearer', expires_in: String(ACCESS_TTL_S) };
        return responses.backToClient(
          reply,
          redirectUri,
          { ...fields, scope: interaction.scope, state: interaction.state },
          true,
        );
      }
      const code = issueCode(lab, {
        clientId: interaction.clientId,
        userId: session.userId,
        redirectUri,
        scope: interaction.scope,
        nonce: interaction.nonce,
        codeChallenge: interaction.codeChallenge,
        authTime: session.authTime,
      });
      return responses.backToClient(reply, redirectUri, { code, state: interaction.state });
    },

    /** After sign-in: skip consent the user already gave to a confidential client, otherwise show the consent page. */
    async consentOrFinish(
      reply: FastifyReply,
      id: string,
      csrf: string,
      interaction: Interaction,
      session: { userId: number; authTime: number; user: { email: string } },
    ) {
      const scopes = interaction.scope.split(' ');
      const asksConsent = (interaction.prompt ?? '').split(' ').includes('consent');
      // RFC 8252 §8.6, RFC 6749 §10.2: a public client cannot prove it is who its client_id says, so any
      // local app could borrow the id. A consent given earlier is reused only for a client that authenticates.
      const authenticates = lab.clients.find(interaction.clientId)?.authMethod !== 'none';
      if (!asksConsent && authenticates && lab.consents.covers(session.userId, interaction.clientId, scopes)) {
        lab.interactions.delete(id);
        return responses.finishAuthorization(reply, interaction, session);
      }
      if (interaction.prompt === 'none')
        return responses.backToClient(reply, interaction.redirectUri!, {
          error: 'consent_required',
          error_description: 'The user has not approved this client for these scopes.',
          state: interaction.state,
        });
      const page = consentPage({
        interaction: id,
        csrf,
        clientName: clientName(interaction.clientId),
        email: session.user.email,
        scopes: scopes.map((name) => ({ name, description: SCOPES[name] ?? name })),
      });
      return sendPage(reply, 200, page);
    },
  };
  return responses;
}
