import type { ToggleName } from '../../../../common/toggles';
import { answerOf, api, refusalText } from '../../api/client';
import type { AttackContext, AttackResult } from '../../components/attack-catalogue';
import type { Store } from '../../store';
import { chosenEmail } from './session-slice';
import type { ReplayResult } from './types';

/** The display name the forged CSRF form sets. */
export const CSRF_PAYLOAD = 'Pwned by Evil Corp';

/** How long an attack waits for the attacker's page to act before it says so. */
const ATTACKER_PAGE_TIMEOUT_MS = 10_000;

const toggleOn = (get: () => Store, name: ToggleName) => get().meta?.toggles[name] !== false;
const sleep = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

/** Polls until `check` returns a value, or gives up with `timeoutMessage`. `check` may throw to stop early. */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMessage: string): Promise<T> {
  const deadline = Date.now() + ATTACKER_PAGE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(300);
  }
  throw new Error(timeoutMessage);
}

const report = () => api('GET /api/lab/session/cookie');
const replay = (source: 'planted' | 'copied' | 'stolen', cookie?: string) =>
  api('POST /api/lab/session/attacker/replay', { body: cookie ? { source, cookie } : { source } });
const describeReplay = (r: ReplayResult) =>
  r.status === 200
    ? `The attacker's request got 200: it is signed in as ${r.user?.email}.`
    : `The attacker's request got ${r.status} ${r.error ?? ''}: the cookie opens nothing.`;

/** The newest traffic id now, so a later look finds only what came after. */
async function trafficMark(): Promise<number> {
  const [latest] = await api('GET /api/lab/traffic', { query: { limit: '1' } });
  return latest?.id ?? 0;
}
const trafficSince = (mark: number) => api('GET /api/lab/traffic', { query: { afterId: String(mark), limit: '100' } });

/** The attacker's window opened with the click, unless the browser blocked it. */
function requireAttackerWindow(ctx: AttackContext): void {
  if (!ctx.attackerWindow)
    throw new Error('The browser blocked the attacker window. Allow pop-ups for this page, then run the attack again.');
}

export async function fixation(ctx: AttackContext): Promise<AttackResult> {
  const { get } = ctx;
  const victim = get().accounts.find((a) => a.email === chosenEmail(get()));
  if (!victim || victim.mfa) throw new Error('Pick a demo account without MFA as the victim of this attack.');
  requireAttackerWindow(ctx);
  // The attacker's page plants its id a second after it loads. The legacy link never replaces a
  // signed-in session, so a signed-in victim is logged out first, starting now, within the click.
  const before = get().cookieReport?.cookie.fingerprint;
  const signedIn = get().sessionUser !== null;
  const loggedOut = signedIn ? api('POST /api/session/logout') : Promise.resolve();
  const mark = await trafficMark();
  await loggedOut;
  get().sessionSignedOut();
  const steps: string[] = [];
  if (signedIn) {
    steps.push(
      'You were signed in, so the lab logged you out first. Fixation targets a browser before its login (a shared computer, or a session that had expired): the app\u2019s legacy link never replaces a signed-in session.',
    );
  }
  const planted = await waitFor(
    async () => {
      const r = await report();
      if (r.session?.adoptedFromUrl && !r.session.user && r.cookie.fingerprint !== before) return r;
      // The browser's own visit to the legacy link (not the attacker server's) was refused: say why.
      const refused = (await trafficSince(mark)).find(
        (e) =>
          e.url.startsWith('/api/session/legacy/enter') &&
          e.status >= 400 &&
          !String(e.requestHeaders['user-agent'] ?? '').includes('EvilCorp'),
      );
      if (refused) {
        let body: unknown = refused.responseBody;
        try {
          body = JSON.parse(refused.responseBody ?? '');
        } catch {
          // keep the text
        }
        throw new Error(`The app refused the planted link: ${refusalText({ status: refused.status, body })}`);
      }
      return undefined;
    },
    `The attacker page did not plant its session id within ${ATTACKER_PAGE_TIMEOUT_MS / 1000} s. Was its window closed?`,
  );
  steps.push(
    `The attacker's page picked a session id, then sent your browser to the app's legacy link that takes an id from the URL. Your browser now holds that id (cookie fingerprint ${planted.cookie.fingerprint}).`,
  );
  const login = await api('POST /api/session/login', { body: { email: victim.email, password: victim.password } });
  get().sessionSignedIn(login.csrfToken ?? null);
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

export async function csrf(ctx: AttackContext): Promise<AttackResult> {
  const { get } = ctx;
  const nameBefore = get().sessionUser?.displayName ?? null;
  requireAttackerWindow(ctx);
  // The attacker page tags its form's URL with this run, so this finds exactly its request.
  const url = `/api/session/profile?run=${ctx.runTag}`;
  const post = await waitFor(
    async () => {
      const recent = await api('GET /api/lab/traffic', { query: { limit: '50' } });
      return recent.find((e) => e.method === 'POST' && e.url === url);
    },
    `The attacker page did not submit its form within ${ATTACKER_PAGE_TIMEOUT_MS / 1000} s. Was its window closed?`,
  );
  const me = await answerOf('GET /api/session/me');
  const nameAfter = me.status === 200 ? (me.body.user.displayName ?? null) : null;
  // This run changed the profile only if the forged POST itself went through.
  const changed = post.status === 200;
  const quoted = (name: string | null) => (name ? `"${name}"` : 'unset');
  const steps = [
    'A page on the attacker\u2019s site (another site: localhost, not 127.0.0.1) loaded and submitted a hidden form to POST /api/session/profile.',
    `The app answered ${post.status}. ${post.requestHeaders.cookie?.includes('authlab_sid=') ? 'Your browser attached the session cookie.' : 'Your browser did not attach the session cookie.'}`,
    changed
      ? `This run changed your display name to ${quoted(nameAfter)}.`
      : `This run changed nothing: your display name is ${nameBefore === nameAfter ? 'still' : 'now'} ${quoted(nameAfter)}.`,
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
    succeeded: changed && nameAfter === CSRF_PAYLOAD,
    steps,
    verdict: verdicts[post.status] ?? `Unexpected status ${post.status}.`,
  };
}

export async function theft(ctx: AttackContext): Promise<AttackResult> {
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
    const staleFlags = r.session?.issuedCookie?.includes('HttpOnly') && !toggleOn(ctx.get, 'session.httpOnly');
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

export async function logoutReplay(): Promise<AttackResult> {
  const copy = await api('POST /api/lab/session/attacker/copy-cookie');
  const steps = [
    `The attacker got a copy of your session cookie (fingerprint ${copy.fingerprint}), as if from a shared computer or a proxy log.`,
  ];
  // Only lab routes follow until the page refreshes the session, which then forgets its CSRF token.
  const out = await api('POST /api/session/logout');
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

/** Unused for this long: past the 15-minute idle timeout, far within the 8-hour absolute lifetime. */
const LEFT_ALONE_MS = 20 * 60_000;

export async function idleSession(ctx: AttackContext): Promise<AttackResult> {
  const copy = await api('POST /api/lab/session/attacker/copy-cookie');
  const steps = [
    `You walked away from a shared computer without logging out; the next person has your cookie (fingerprint ${copy.fingerprint}).`,
  ];
  const offsetBefore = ctx.get().meta?.clock.offsetMs ?? 0;
  await ctx.get().advanceClock(LEFT_ALONE_MS);
  steps.push(`Nobody used the session for ${LEFT_ALONE_MS / 60_000} minutes (lab clock moved forward).`);
  try {
    const result = await replay('copied');
    steps.push(`The attacker used the cookie. ${describeReplay(result)}`);
    return {
      succeeded: result.status === 200,
      steps,
      verdict:
        result.status === 200
          ? 'Without an idle timeout (session.idleTimeout off), a forgotten session keeps working until its absolute lifetime ends, hours later.'
          : 'The server ended the session after 15 unused minutes (session.idleTimeout), so the forgotten cookie opens nothing.',
    };
  } finally {
    // The clock only moves forward or back to real time: go back, then forward to where it was.
    await ctx.get().resetClock();
    if (offsetBefore > 0) await ctx.get().advanceClock(offsetBefore);
    steps.push('Lab clock back where it was before the attack.');
  }
}
