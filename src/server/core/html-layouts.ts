import { html, htmlDocument, raw, type SafeHtml } from './html';

/**
 * One layout per origin, so a learner can tell the sites apart at a glance:
 * Lab ID (the identity provider), Your App (the relying party) and Evil Corp
 * (the attacker), plus the plain page of the app origin's helper pages.
 */
const IDP_STYLE = `body{font:16px system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1d2433}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
button{margin-top:1rem;padding:.5rem 1.2rem;font:inherit;cursor:pointer;border-radius:4px;border:1px solid #345}
button.primary{background:#2451a6;color:#fff}.error{color:#a11;background:#fde;padding:.5rem}
.brand{color:#2451a6;font-weight:700}ul{padding-left:1.2rem}code{background:#eef;padding:0 .2em}.muted{color:#667}`;

const CLIENT_STYLE = `body{font:16px system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2433}
.brand{color:#0d7a5f;font-weight:700}button,.button{padding:.5rem 1rem;font:inherit;cursor:pointer;border-radius:4px;border:1px solid #345;background:#fff;color:#1d2433;text-decoration:none;display:inline-block}
.primary{background:#0d7a5f;color:#fff}.error{color:#a11;background:#fde;padding:.5rem}
textarea{width:100%;font:12px ui-monospace,monospace;height:4.5rem}form{display:inline}pre{background:#f4f6fa;padding:.5rem;overflow:auto}`;

const ATTACKER_STYLE =
  'body{font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;background:#2b0d0d;color:#ffe9e9}a,button{color:#ffd34d}code,pre{background:#0004;padding:0 .2em;word-break:break-all;white-space:pre-wrap}';

const PLAIN_STYLE =
  'body{font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2433}code{background:#eef;padding:0 .2em}';

/** Lab ID's pages: no script at all, so its CSP forbids every script. */
export const idpLayout = (title: string, body: SafeHtml) =>
  htmlDocument({
    title: `${title} · Lab ID`,
    style: IDP_STYLE,
    head: raw('<meta name="viewport" content="width=device-width">'),
    body: html`<p class="brand">Lab ID</p>
      ${body}`,
  });

/** Your App's pages. */
export const clientLayout = (body: SafeHtml) =>
  htmlDocument({
    title: 'Your App',
    style: CLIENT_STYLE,
    body: html`<p class="brand">Your App</p>
      ${body}`,
  });

/** Evil Corp's pages on the attacker origin; `head` carries a meta refresh when the attack navigates. */
export const attackerLayout = (title: string, body: SafeHtml, head?: SafeHtml) =>
  htmlDocument({
    title,
    style: ATTACKER_STYLE,
    head,
    body: html`<h1>Evil Corp</h1>
      ${body}`,
  });

/** A plain page, for an origin's index and the app origin's helper pages. */
export const plainLayout = (title: string, body: SafeHtml) => htmlDocument({ title, style: PLAIN_STYLE, body });
