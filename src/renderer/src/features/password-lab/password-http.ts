import { answerOf, type Answer } from '../../api/client';

/** A JSON call that returns status and body whatever the status: the page and its attacks need to see refusals. */
export async function call<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; credentials?: RequestCredentials } = {},
): Promise<Answer<T>> {
  // Through the renderer's one fetch wrapper. The attacker's requests and the page's sign-in check
  // carry no cookies and no session CSRF token: the learner's own session stays as it is.
  return answerOf<T>(method, path, {
    body,
    headers: options.headers,
    csrf: null,
    credentials: options.credentials ?? 'omit',
  });
}

/** The token in a reset link: `<origin>/#/password-lab/reset?token=…`. */
export function tokenOfLink(link: string): string | null {
  const hash = link.includes('#') ? link.slice(link.indexOf('#')) : '';
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get('token') : null;
}
