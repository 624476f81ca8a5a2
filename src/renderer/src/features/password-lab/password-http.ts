/** A JSON call that returns status and body whatever the status: the page and its attacks need to see refusals. */
export async function call<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; credentials?: RequestCredentials } = {},
): Promise<{ status: number; body: T & { error?: string; message?: string } }> {
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    // The attacker's requests and the page's sign-in check carry no cookies: the learner's own session stays as it is.
    credentials: options.credentials ?? 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: (parsed ?? {}) as T & { error?: string; message?: string } };
}

/** The token in a reset link: `<origin>/#/password-lab/reset?token=…`. */
export function tokenOfLink(link: string): string | null {
  const hash = link.includes('#') ? link.slice(link.indexOf('#')) : '';
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get('token') : null;
}
