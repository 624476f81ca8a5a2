import { html, type SafeHtml } from '../../core/html';
import { idpLayout } from '../../core/html-layouts';

/**
 * Lab ID's server-rendered pages: no script at all, so the CSP can forbid
 * every script, and forms post to Lab ID itself.
 */
const hidden = (fields: Record<string, string>) =>
  Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);

const errorLine = (error: string | undefined): SafeHtml | undefined =>
  error ? html`<p class="error" role="alert">${error}</p>` : undefined;

export function signInPage(input: { interaction: string; csrf: string; clientName: string; error?: string }) {
  return idpLayout(
    'Sign in',
    html`<h1>Sign in to continue to ${input.clientName}</h1>
${errorLine(input.error)}
<form method="post" action="/login">${hidden({ interaction: input.interaction, csrf: input.csrf })}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button class="primary" type="submit">Sign in</button></form>`,
  );
}

export function mfaPage(input: { interaction: string; csrf: string; ticket: string; error?: string }) {
  return idpLayout(
    'Two-step verification',
    html`<h1>Enter the code from your authenticator app</h1>
${errorLine(input.error)}
<form method="post" action="/login/mfa">${hidden({ interaction: input.interaction, csrf: input.csrf, ticket: input.ticket })}
<label for="code">Code</label><input id="code" name="code" autocomplete="one-time-code" maxlength="64" required>
<button class="primary" type="submit">Verify</button></form>`,
  );
}

export function consentPage(input: {
  interaction: string;
  csrf: string;
  clientName: string;
  email: string;
  scopes: Array<{ name: string; description: string }>;
}) {
  const items = input.scopes.map((s) => html`<li><code>${s.name}</code>: ${s.description}</li>`);
  return idpLayout(
    'Allow access',
    html`<h1>${input.clientName} wants to access your Lab ID account</h1>
<p class="muted">Signed in as ${input.email}</p><p>It asks for:</p><ul>${items}</ul>
<form method="post" action="/consent">${hidden({ interaction: input.interaction, csrf: input.csrf })}
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></form>`,
  );
}

export function devicePage(input: {
  interaction: string;
  csrf: string;
  email: string;
  userCode: string;
  clientName?: string;
  scopes?: string[];
  message?: string;
  error?: string;
}) {
  const scopes = (input.scopes ?? []).map((s, i) => html`${i > 0 ? ' ' : ''}<code>${s}</code>`);
  const what = input.clientName ? html`<p><strong>${input.clientName}</strong> asks for: ${scopes}</p>` : undefined;
  return idpLayout(
    'Connect a device',
    html`<h1>Connect a device</h1><p class="muted">Signed in as ${input.email}</p>
${errorLine(input.error)}${what}
${
  // Once the device is answered there is nothing left to enter: the page only says so.
  input.message
    ? html`<p role="status">${input.message}</p><p><a href="/device">Connect another device</a></p>`
    : html`<form method="post" action="/device">${hidden({ interaction: input.interaction, csrf: input.csrf })}
<label for="user_code">Device code</label><input id="user_code" name="user_code" value="${input.userCode}" autocomplete="off" required>
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></form>`
}`,
  );
}

export function messagePage(title: string, text: string, error?: string) {
  return idpLayout(
    title,
    html`<h1>${title}</h1>${error ? html`<p class="error" role="alert"><code>${error}</code></p>` : ''}<p>${text}</p>`,
  );
}
