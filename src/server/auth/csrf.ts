import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import { constantTimeEqual } from '../crypto/random';
import { routedPath } from '../core/routed-path';

/** Methods that change nothing, so a forged one gains nothing (RFC 9110 §9.2.1). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one CSRF check for every cookie-authenticated route: a state-changing
 * request must carry its session's synchronizer token in x-csrf-token,
 * compared in constant time. A cross-site form can make the browser send the
 * cookie, but it cannot read the token or set a custom header (OWASP CSRF
 * Prevention Cheat Sheet, "Synchronizer Token Pattern"; ASVS 5.0 V3.5.1).
 * The session.csrfToken toggle turns it off, for the forged-form attack.
 * Returns the refusal, or undefined when the request may go on.
 */
export function csrfRefusal(
  ctx: Pick<LabContext, 'toggles'>,
  request: FastifyRequest,
  expected: string | undefined,
): LabError | undefined {
  if (SAFE_METHODS.has(request.method) || !ctx.toggles.isOn('session.csrfToken')) return undefined;
  const sent = request.headers['x-csrf-token'];
  if (typeof sent === 'string' && expected && constantTimeEqual(sent, expected)) return undefined;
  return new LabError(403, 'csrf_token_invalid', 'This request needs the x-csrf-token header of your session.');
}

/** csrfRefusal as a scope hook, for routes whose session token `expectedOf` reads. */
export function requireCsrfToken(
  ctx: Pick<LabContext, 'toggles'>,
  expectedOf: (request: FastifyRequest) => string | undefined,
) {
  // Callback style: no promise per request.
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) =>
    done(csrfRefusal(ctx, request, expectedOf(request)));
}

/** The header the renderer sends on every state-changing lab-control call (src/renderer/src/api/client.ts). */
export const LAB_REQUEST_HEADER = 'x-authlab-request';

/**
 * Lab control (POST/PUT/DELETE /api/lab/*) has no session, so no CSRF token:
 * without this, any site could reset the lab with a body-less no-cors POST,
 * which no content-type rule catches. A browser must show that the app's own
 * page sent the request: `Sec-Fetch-Site: same-origin` when it sends fetch
 * metadata, and always the custom header, which a cross-site page cannot add
 * without a CORS preflight the app never approves (ASVS 5.0 V3.5.1; OWASP CSRF
 * Prevention Cheat Sheet, "Fetch Metadata headers" and "custom request
 * headers"). A request with neither Sec-Fetch-Site nor Origin comes from no
 * browser (CLI, tests), so no victim's browser was borrowed.
 */
export function crossSiteLabRefusal(request: FastifyRequest): LabError | undefined {
  if (SAFE_METHODS.has(request.method) || !routedPath(request).startsWith('/api/lab/')) return undefined;
  const site = request.headers['sec-fetch-site'];
  const fromBrowser = site !== undefined || request.headers.origin !== undefined;
  const sameOrigin = site === undefined || site === 'same-origin' || site === 'none';
  if (sameOrigin && (!fromBrowser || request.headers[LAB_REQUEST_HEADER] === '1')) return undefined;
  return new LabError(
    403,
    'cross_site_request',
    `Lab control accepts only requests from the app's own pages (Sec-Fetch-Site: same-origin and the ${LAB_REQUEST_HEADER} header).`,
  );
}
