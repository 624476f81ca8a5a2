import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { html } from '../../../core/html';
import { clientLayout } from '../../../core/html-layouts';
import { Param } from '../schemas';
import type { RelyingParty, RpSession } from './relying-party';

function signedInPage(rp: RelyingParty, s: RpSession, errorBanner: unknown) {
  // The fragment never reaches a server; a refresh token, long-lived, still never goes into a URL (RFC 9700 §4.14).
  const inspect = (name: string, value: string) =>
    html`<p><a href="${rp.inspectorLink(value)}">Open the ${name} in the token inspector</a></p>`;
  const token = (label: string, value: string | undefined, linkName?: string) =>
    value
      ? html`<h3>${label}</h3><textarea readonly aria-label="${label}">${value}</textarea>${linkName ? inspect(linkName, value) : ''}`
      : '';
  const api = s.apiResult
    ? html`<h3>Lab API answer (${s.apiResult.status})</h3><pre>${JSON.stringify(s.apiResult.body, null, 2)}</pre>`
    : '';
  const checked = s.idTokenChecked ? 'fully validated' : html`<strong>only decoded</strong>`;
  return clientLayout(html`<h1>Logged in as ${s.email ?? s.sub}</h1>${errorBanner}
${s.notice ? html`<p role="status">${s.notice}</p>` : ''}
<p>Subject <code>${s.sub}</code>, signed in ${s.via === 'code-flow' ? 'with the code flow' : 'by posting an ID token'}; the ID token was ${checked}.</p>
<p><form method="post" action="/call-api"><button>Call the lab API</button></form>
<form method="post" action="/refresh"><button>Refresh tokens</button></form>
<form method="post" action="/logout"><button>Log out</button></form></p>${api}
${token('ID token', s.idToken, 'ID token')}${token('Access token', s.accessToken, 'access token')}${token('Refresh token', s.refreshToken)}
<p>The refresh token has no inspector link: a long-lived credential never goes into an address.</p>`);
}

const HomeQuery = Type.Object(
  { error: Type.Optional(Param), spent: Type.Optional(Param) },
  { additionalProperties: true },
);

/** Your App's home page (signed out or in) and the SPA demo client's landing page. */
export const homeRoutes =
  (rp: RelyingParty): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/', { schema: { querystring: HomeQuery } }, async (request, reply) => {
      const session = rp.sessionOf(request);
      const error = request.query.error;
      const errorBanner =
        typeof error === 'string'
          ? html`<p class="error" role="alert">Login failed: <code>${error.slice(0, 200)}</code></p>`
          : '';
      reply.type('text/html; charset=utf-8');
      if (!session)
        return clientLayout(html`<h1>Welcome to Your App</h1>${errorBanner}
<p>Your App keeps no passwords. It asks Lab ID who you are.</p>
<p><a class="button primary" href="/login">Log in with Lab ID</a></p>`);
      const spentNote =
        request.query.spent === 'callback'
          ? html`<p class="muted" role="status">That sign-in response was already used (Back or reload); you are still logged in.</p>`
          : '';
      return signedInPage(rp, session.data, html`${errorBanner}${spentNote}`);
    });

    // The SPA demo client's redirect target: a page that shows what arrived (the implicit grant puts tokens in the fragment).
    const spaPage = html`<h1>Lab Notes (SPA)</h1><p>Anything after <code>#</code> in this address stays in the browser: history, extensions and scripts on this page can read it.</p>`;
    app.get('/spa/callback', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(clientLayout(spaPage)),
    );
  };
