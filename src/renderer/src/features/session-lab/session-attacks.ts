import { api } from '../../api/client';
import type { Store } from '../../store';
import type { TrafficEntry } from '../../../../common/api';
import type { ToggleName } from '../../../../common/toggles';
import { CSRF_PAYLOAD, withCsrf, type SessionSlice } from './session-slice';
import type { AttackId, AttackResult, CookieReport, LoginResponse, ReplayResult } from './types';

type Get = () => Store;
type Set = (partial: Partial<SessionSlice>) => void;

const toggleOn = (get: Get, name: ToggleName) => get().meta?.toggles[name] !== false;
const sleep = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

/** Polls until `check` returns a value, or gives up after `timeoutMs`. */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(400);
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

const report = () => api.get<CookieReport>('/api/lab/session/cookie');
const replay = (source: 'planted' | 'copied' | 'stolen', cookie?: string) =>
  api.post<ReplayResult>('/api/lab/session/attacker/replay', cookie ? { source, cookie } : { source });
const describeReplay = (r: ReplayResult) =>
  r.status === 200
    ? `The attacker's request got 200: it is signed in as ${r.user?.email}.`
    : `The attacker's request got ${r.status} ${r.error ?? ''}: the cookie opens nothing.`;

/** Runs one of the four session attacks against the live lab and explains the outcome. */
export async function runSessionAttack(
  get: Get,
  set: Set,
  attack: AttackId,
  victimEmail: string,
  popupOpened: boolean,
  run: string,
): Promise<AttackResult> {
  switch (attack) {
    case 'fixation':
      return fixation(get, set, victimEmail, popupOpened);
    case 'csrf':
      return csrf(get, popupOpened, run);
    case 'theft':
      return theft(get);
    case 'logout':
      return logoutReplay(get, set);
  }
}

async function fixation(get: Get, set: Set, victimEmail: string, popupOpened: boolean): Promise<AttackResult> {
  const victim = get().accounts.find((a) => a.email === victimEmail);
  if (!victim || victim.mfa) throw new Error('Pick a demo account without MFA as the victim of this attack.');
  if (!popupOpened) throw new Error('The attacker window did not open.');
  // The attacker page waits a second before it plants, so this reads the cookie from before.
  const before = (await report()).cookie.fingerprint;
  const planted = await waitFor(
    async () => {
      const r = await report();
      return r.session?.adoptedFromUrl && !r.session.user && r.cookie.fingerprint !== before ? r : undefined;
    },
    15_000,
    'the attacker page to plant its session id (are pop-ups blocked?)',
  );
  const steps = [
    `The attacker's page picked a session id, then sent your browser to the app's legacy link that takes an id from the URL. Your browser now holds that id (cookie fingerprint ${planted.cookie.fingerprint}).`,
  ];
  const login = await api.post<LoginResponse>('/api/session/login', {
    email: victim.email,
    password: victim.password,
  });
  set({ csrfToken: login.csrfToken ?? null });
  const after = await report();
  const sameId = after.cookie.fingerprint === planted.cookie.fingerprint;
  steps.push(
    `You logged in as ${victim.email}. ${sameId ? 'The cookie kept the planted id.' : `The server issued a new id (fingerprint ${after.cookie.fingerprint}).`}`,
  );
  const result = await replay('planted');
  steps.push(`The attacker sent GET /api/session/me with the id it planted. ${describeReplay(result)}`);
  const succeeded = result.status === 200;
  return {
    succeeded,
    steps,
    verdict: succeeded
      ? 'Login kept the session id the browser arrived with, so the id the attacker chose became your logged-in session. Defence off: session.regenerateOnLogin.'
      : 'Login threw the old id away and issued a new one (session.regenerateOnLogin). The attacker still knows the planted id, but it now points at nothing.',
  };
}

async function csrf(get: Get, popupOpened: boolean, run: string): Promise<AttackResult> {
  if (!popupOpened) throw new Error('The attacker window did not open.');
  // The attacker page tags its form's URL with this run, so this finds exactly its request.
  const url = `/api/session/profile?run=${run}`;
  const post = await waitFor(
    async () => {
      const recent = await api.get<TrafficEntry[]>('/api/lab/traffic?limit=50');
      return recent.find((e) => e.method === 'POST' && e.url === url);
    },
    15_000,
    'the attacker page to submit its form',
  );
  const me = await api.get<{ user: { displayName: string | null } }>('/api/session/me').catch(() => null);
  const changed = me?.user.displayName === CSRF_PAYLOAD;
  const steps = [
    'A page on the attacker\u2019s site (another site: localhost, not 127.0.0.1) loaded and submitted a hidden form to POST /api/session/profile.',
    `The app answered ${post.status}. ${post.requestHeaders.cookie?.includes('authlab_sid=') ? 'Your browser attached the session cookie.' : 'Your browser did not attach the session cookie.'}`,
    `Your display name is now ${me?.user.displayName ? `"${me.user.displayName}"` : 'unset'}.`,
  ];
  const verdicts: Record<number, string> = {
    200: 'Both defences were off: the SameSite=None cookie went along with the cross-site POST, and the server did not ask for a token. The attacker changed your profile.',
    401: 'The browser withheld the cookie: a SameSite=Lax cookie is not sent with a POST that another site starts (session.sameSite). The request arrived anonymous.',
    403: 'The cookie went along (SameSite was off), but the request had no x-csrf-token. The attacker\u2019s page cannot read your token, so it cannot forge it (session.csrfToken).',
    415: 'With both CSRF defences on, this route takes JSON only. A plain HTML form cannot send JSON, and a cross-site script that tried would need a CORS permission the app never gives. JSON-only is a CSRF defence on its own.',
  };
  const issued = (await report()).session?.issuedCookie ?? '';
  if (post.status === 401 && !toggleOn(get, 'session.sameSite') && issued.includes('SameSite=Lax')) {
    verdicts[401] =
      'The switch is off, but your current cookie was issued before that, as SameSite=Lax, so the browser still withheld it. Cookie flags are fixed when the cookie is set: log in again, then rerun the attack.';
  }
  return {
    succeeded: post.status === 200 && changed,
    steps,
    verdict: verdicts[post.status] ?? `Unexpected status ${post.status}.`,
  };
}

async function theft(get: Get): Promise<AttackResult> {
  // The "injected" script. The app's CSP blocks inline script, so a real XSS
  // payload cannot run here; this function, shipped in the renderer bundle,
  // does exactly what one would: read document.cookie and send it away.
  const jar = document.cookie;
  const match = /(?:^|;\s*)authlab_sid=([^;]+)/.exec(jar);
  const steps = [`The injected script read document.cookie and got: ${jar ? `"${jar}"` : '(empty)'}.`];
  if (!match?.[1]) {
    const r = await report();
    steps.push(
      r.cookie.present
        ? 'Yet the browser does hold a session cookie: it sent one with the report request a moment ago.'
        : 'The browser holds no session cookie right now: log in first to make the attack meaningful.',
    );
    const staleFlags = r.session?.issuedCookie?.includes('HttpOnly') && !toggleOn(get, 'session.httpOnly');
    return {
      succeeded: false,
      steps,
      verdict: staleFlags
        ? 'The switch is off, but your current cookie was issued before that, with HttpOnly. Cookie flags are fixed when the cookie is set: log in again, then rerun the attack.'
        : 'The session cookie is HttpOnly (session.httpOnly): the browser sends it with requests but never shows it to page script, so an XSS payload has nothing to steal.',
    };
  }
  const result = await replay('stolen', decodeURIComponent(match[1]));
  steps.push(`The script sent the value to the attacker, who used it: ${describeReplay(result)}`);
  return {
    succeeded: result.status === 200,
    steps,
    verdict:
      result.status === 200
        ? 'Without HttpOnly (session.httpOnly off), any script in the page can read the session id and hand it to an attacker, who is then you.'
        : 'The script read a session cookie, but it no longer opens a session.',
  };
}

async function logoutReplay(get: Get, set: Set): Promise<AttackResult> {
  if (!get().sessionUser) throw new Error('Log in first: this attack needs a live session.');
  const copy = await api.post<{ copied: boolean; fingerprint?: string }>('/api/lab/session/attacker/copy-cookie');
  const steps = [
    `The attacker got a copy of your session cookie (fingerprint ${copy.fingerprint}), as if from a shared computer or a proxy log.`,
  ];
  const out = await withCsrf<{ serverSessionDestroyed: boolean }>(get, 'POST', '/api/session/logout');
  set({ csrfToken: null });
  steps.push(
    `You logged out. Your browser deleted its cookie; the server ${out.serverSessionDestroyed ? 'deleted the session row' : 'kept the session row'}.`,
  );
  const result = await replay('copied');
  steps.push(`The attacker replayed the copy. ${describeReplay(result)}`);
  return {
    succeeded: result.status === 200,
    steps,
    verdict:
      result.status === 200
        ? 'Logout only cleared the cookie in your browser (session.serverSideLogout off). The session was still alive on the server, so every copy of the id kept working.'
        : 'Logout destroyed the session on the server (session.serverSideLogout), so the copied cookie names a session that no longer exists.',
  };
}
