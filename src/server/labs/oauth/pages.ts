import { escapeHtml } from '../../core/html-page';

/**
 * Lab ID's server-rendered pages: no script at all, so the CSP can forbid
 * every script, and forms post to Lab ID itself.
 */
const STYLE = `body{font:16px system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1d2433}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
button{margin-top:1rem;padding:.5rem 1.2rem;font:inherit;cursor:pointer;border-radius:4px;border:1px solid #345}
button.primary{background:#2451a6;color:#fff}.error{color:#a11;background:#fde;padding:.5rem}
.brand{color:#2451a6;font-weight:700}ul{padding-left:1.2rem}code{background:#eef;padding:0 .2em}.muted{color:#667}`;

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Lab ID</title>
<meta name="viewport" content="width=device-width"><style>${STYLE}</style></head>
<body><p class="brand">Lab ID</p>${body}</body></html>`;
}

const hidden = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');

export function signInPage(input: { interaction: string; csrf: string; clientName: string; error?: string }) {
  return layout(
    'Sign in',
    `<h1>Sign in to continue to ${escapeHtml(input.clientName)}</h1>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="/login">${hidden({ interaction: input.interaction, csrf: input.csrf })}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button class="primary" type="submit">Sign in</button></form>`,
  );
}

export function mfaPage(input: { interaction: string; csrf: string; ticket: string; error?: string }) {
  return layout(
    'Two-step verification',
    `<h1>Enter the code from your authenticator app</h1>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
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
  const items = input.scopes
    .map((s) => `<li><code>${escapeHtml(s.name)}</code>: ${escapeHtml(s.description)}</li>`)
    .join('');
  return layout(
    'Allow access',
    `<h1>${escapeHtml(input.clientName)} wants to access your Lab ID account</h1>
<p class="muted">Signed in as ${escapeHtml(input.email)}</p><p>It asks for:</p><ul>${items}</ul>
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
  const what = input.clientName
    ? `<p><strong>${escapeHtml(input.clientName)}</strong> asks for: ${(input.scopes ?? []).map((s) => `<code>${escapeHtml(s)}</code>`).join(' ')}</p>`
    : '';
  return layout(
    'Connect a device',
    `<h1>Connect a device</h1><p class="muted">Signed in as ${escapeHtml(input.email)}</p>
${input.message ? `<p role="status">${escapeHtml(input.message)}</p>` : ''}
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}${what}
<form method="post" action="/device">${hidden({ interaction: input.interaction, csrf: input.csrf })}
<label for="user_code">Device code</label><input id="user_code" name="user_code" value="${escapeHtml(input.userCode)}" autocomplete="off" required>
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></form>`,
  );
}

export function messagePage(title: string, text: string, error?: string) {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>${error ? `<p class="error" role="alert"><code>${escapeHtml(error)}</code></p>` : ''}<p>${escapeHtml(text)}</p>`,
  );
}
