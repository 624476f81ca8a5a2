import type { Answer } from '../../api/client';

/**
 * How the password lab calls the app: the attacker's requests and the page's
 * own checks carry no cookies and no session CSRF token, so the learner's own
 * session stays as it is.
 */
export const WITHOUT_SESSION = { credentials: 'omit', csrf: null } as const;

/**
 * What a refused hashing helper call says to the learner. A `429 busy` means other bcrypt work
 * (another tab, a script) holds the server's bound on demo hashing; it says when to try again.
 */
export function refusalOf(res: Answer<unknown>): string {
  const body = res.body;
  if (res.status === 429 && body.error === 'busy') {
    const wait = res.headers?.get('retry-after') ?? '?';
    return `Busy (429, Retry-After: ${wait} s): ${body.message ?? ''} The lab bounds its demo bcrypt work so real logins are never slowed down; another tab or script is hashing right now.`;
  }
  return body.message ?? `HTTP ${res.status}`;
}

/** The token in a hash link: `<origin>/#/password-lab/reset?token=…`, `<origin>/#/inspector?token=…`. */
export function tokenOfLink(link: string): string | null {
  const hash = link.includes('#') ? link.slice(link.indexOf('#')) : '';
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get('token') : null;
}
