/**
 * The live checks of the session lab's walkthroughs (the steps are declared
 * in common/labs/session-walkthroughs.ts). Each reads the recorded traffic:
 * the session cookie is recorded as a fingerprint, the same for the same
 * value, so a check can follow one session id from the exchange that issued
 * it to the one that replays it.
 */
import type { SESSION_LAB } from '../../../common/labs/session';
import { SESSION_COOKIE } from '../../auth/session-cookie';
import type { LabAttacks, WalkthroughChecks, WalkthroughEvidence } from '../attack-kit';
import {
  recordedForm,
  isCall,
  said,
  sentCookie,
  setCookieLine,
  setCookieValue,
  type Exchange,
} from '../../core/walkthrough-evidence';
import { IDLE_TIMEOUT_MS } from './policy';

type Goal = ReturnType<WalkthroughChecks['goal']>;

/** A replay's verdict: 200 opened the session, 401 found none. */
const verdictOf = (exchange: Exchange | undefined): Goal =>
  exchange?.status === 200 ? 'succeeded' : exchange?.status === 401 ? 'refused' : null;

const mark = (value: string) => `cookie ${value}`;

/** Successful logins that issued a session cookie, oldest first. */
function logins(evidence: WalkthroughEvidence): Array<{ at: number; exchange: Exchange; issued: string }> {
  return evidence.exchanges.flatMap((exchange, at) => {
    const issued = setCookieValue(exchange, SESSION_COOKIE);
    return isCall(exchange, 'POST', '/api/session/login') && exchange.status === 200 && issued
      ? [{ at, exchange, issued }]
      : [];
  });
}

/** The first exchange after index `after` that matches. */
const next = (evidence: WalkthroughEvidence, after: number, match: (exchange: Exchange) => boolean) => {
  const at = evidence.exchanges.findIndex((exchange, i) => i > after && match(exchange));
  return at < 0 ? undefined : { at, exchange: evidence.exchanges[at]! };
};

const carries = (exchange: Exchange, value: string) => sentCookie(exchange, SESSION_COOKIE) === value;

const loginCheck = (evidence: WalkthroughEvidence) => {
  const login = logins(evidence).at(-1);
  if (!login) return null;
  const flags = setCookieLine(login.exchange, SESSION_COOKIE)?.split(';').slice(1).join(';').trim();
  return `${said(login.exchange)} issued ${mark(login.issued)}${flags ? ` (${flags})` : ''}.`;
};

// --- Session fixation -------------------------------------------------------

/** A login that carried a cookie planted by the legacy link, and the replay of that cookie afterwards. */
function fixationTrail(evidence: WalkthroughEvidence) {
  const planted = new Set(
    evidence.exchanges
      .filter((e) => isCall(e, 'GET', '/api/session/legacy/enter') && e.status === 200)
      .flatMap((e) => setCookieValue(e, SESSION_COOKIE) ?? []),
  );
  const login = evidence.exchanges
    .map((exchange, at) => ({ exchange, at, carried: sentCookie(exchange, SESSION_COOKIE) ?? '' }))
    .filter(({ exchange }) => isCall(exchange, 'POST', '/api/session/login') && exchange.status === 200)
    .findLast(({ carried }) => planted.has(carried));
  const replay =
    login && next(evidence, login.at, (e) => isCall(e, 'GET', '/api/session/me') && carries(e, login.carried));
  return { planted, login, replay };
}

const fixation: WalkthroughChecks = {
  steps: {
    plant: (evidence) => {
      const { planted } = fixationTrail(evidence);
      const last = [...planted].at(-1);
      return last ? `GET /api/session/legacy/enter → 200 set the id you chose: ${mark(last)}.` : null;
    },
    login: (evidence) => {
      const { login } = fixationTrail(evidence);
      if (!login) return null;
      const issued = setCookieValue(login.exchange, SESSION_COOKIE);
      return `${said(login.exchange)} carrying the planted ${mark(login.carried)}; ${issued && issued !== login.carried ? `the answer issued a new id (${mark(issued)})` : 'the answer kept the planted id'}.`;
    },
    replay: (evidence) => {
      const { replay } = fixationTrail(evidence);
      return replay
        ? `${said(replay.exchange)} with the planted ${mark(sentCookie(replay.exchange, SESSION_COOKIE)!)}.`
        : null;
    },
  },
  goal: (evidence) => verdictOf(fixationTrail(evidence).replay?.exchange),
};

// --- CSRF -------------------------------------------------------------------

/** The latest POST /api/session/profile another site started (the browser says so in Origin and Sec-Fetch-Site). */
function forgedPost(evidence: WalkthroughEvidence) {
  const attacker = evidence.ctx.origins.attacker;
  return evidence.exchanges.findLast(
    (e) =>
      isCall(e, 'POST', '/api/session/profile') &&
      (e.requestHeaders.origin === attacker || e.requestHeaders['sec-fetch-site'] === 'cross-site'),
  );
}

const csrf: WalkthroughChecks = {
  steps: {
    login: loginCheck,
    forge: (evidence) => {
      const post = forgedPost(evidence);
      if (!post) return null;
      const cookie = sentCookie(post, SESSION_COOKIE);
      return `${said(post)} from ${post.requestHeaders.origin ?? 'another site'}, ${cookie ? `with the session ${mark(cookie)}` : 'without the session cookie'}.`;
    },
  },
  goal: (evidence) => {
    const status = forgedPost(evidence)?.status;
    if (status === 200) return 'succeeded';
    return status === 401 || status === 403 || status === 415 ? 'refused' : null;
  },
};

// --- Cookie theft -----------------------------------------------------------

/** The session cookie's value in what the learner pasted from document.cookie. */
const stolenValue = (evidence: WalkthroughEvidence) =>
  /(?:^|;\s*)authlab_sid=([^;\s"]+)/.exec(evidence.pasted.read ?? '')?.[1];

const stolenUse = (evidence: WalkthroughEvidence) => {
  const value = stolenValue(evidence);
  const recorded = value && recordedForm(value);
  return recorded
    ? evidence.exchanges.findLast((e) => isCall(e, 'GET', '/api/session/me') && carries(e, recorded))
    : undefined;
};

/** What document.cookie prints: empty, or name=value pairs joined by "; ". Anything else was not read from it. */
const COOKIE_LIST = /^\s*(?:"\s*"|''|[^=;\s]+=[^;]*(?:;\s*[^=;\s]+=[^;]*)*)?\s*$/;

/**
 * A paste with no session cookie in it, after a login whose recorded
 * Set-Cookie marked the cookie HttpOnly: the script truly had nothing to read.
 * Without that answer from the server a paste alone proves nothing.
 */
const hiddenFromScript = (evidence: WalkthroughEvidence) => {
  const pasted = evidence.pasted.read;
  const login = logins(evidence).at(-1);
  const flags = login && setCookieLine(login.exchange, SESSION_COOKIE)?.split(';').slice(1);
  return (
    pasted !== undefined &&
    COOKIE_LIST.test(pasted) &&
    !stolenValue(evidence) &&
    !!flags?.some((flag) => flag.trim().toLowerCase() === 'httponly')
  );
};

const theft: WalkthroughChecks = {
  steps: {
    login: loginCheck,
    read: (evidence) => {
      if (stolenValue(evidence)) return 'document.cookie showed the session cookie: a script can take it.';
      return hiddenFromScript(evidence)
        ? 'document.cookie showed no session cookie: HttpOnly keeps it from script.'
        : null;
    },
    use: (evidence) => {
      const use = stolenUse(evidence);
      return use ? `${said(use)} with the stolen cookie.` : null;
    },
  },
  goal: (evidence) => {
    const use = stolenUse(evidence);
    if (use) return verdictOf(use);
    // The script found nothing to steal, and the server had marked the cookie HttpOnly: the defence did its job.
    return hiddenFromScript(evidence) ? 'refused' : null;
  },
};

// --- Logout -----------------------------------------------------------------

/** A logout of a session issued by a login, and the replay of its cookie afterwards. */
function logoutTrail(evidence: WalkthroughEvidence) {
  const issued = new Set(logins(evidence).map((l) => l.issued));
  const logout = evidence.exchanges
    .map((exchange, at) => ({ exchange, at, carried: sentCookie(exchange, SESSION_COOKIE) ?? '' }))
    .findLast(
      ({ exchange, carried }) =>
        isCall(exchange, 'POST', '/api/session/logout') && exchange.status === 200 && issued.has(carried),
    );
  const replay =
    logout && next(evidence, logout.at, (e) => isCall(e, 'GET', '/api/session/me') && carries(e, logout.carried));
  return { logout, replay };
}

const logout: WalkthroughChecks = {
  steps: {
    login: loginCheck,
    logout: (evidence) => {
      const { logout: out } = logoutTrail(evidence);
      return out ? `${said(out.exchange)} for ${mark(out.carried)}: ${out.exchange.responseBody ?? ''}` : null;
    },
    replay: (evidence) => {
      const { replay } = logoutTrail(evidence);
      return replay ? `${said(replay.exchange)} with the copy of the logged-out cookie.` : null;
    },
  },
  goal: (evidence) => verdictOf(logoutTrail(evidence).replay?.exchange),
};

// --- Idle timeout -----------------------------------------------------------

const atMs = (exchange: Exchange) => Date.parse(exchange.at);

/** For the latest login: the first use of its cookie after more than the idle timeout of silence, and the longest silence so far. */
function idleTrail(evidence: WalkthroughEvidence) {
  const login = logins(evidence).at(-1);
  if (!login) return {};
  const uses = evidence.exchanges.filter((e, i) => i > login.at && carries(e, login.issued));
  let previous = atMs(login.exchange);
  for (const use of uses) {
    if (atMs(use) - previous > IDLE_TIMEOUT_MS) return { login, reuse: use, idleMs: atMs(use) - previous };
    previous = atMs(use);
  }
  return { login, idleMs: evidence.ctx.clock.nowMs() - previous };
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} minutes`;

const idleSession: WalkthroughChecks = {
  steps: {
    login: loginCheck,
    idle: (evidence) => {
      const { idleMs = 0 } = idleTrail(evidence);
      return idleMs > IDLE_TIMEOUT_MS ? `The session sat unused for ${minutes(idleMs)} on the lab clock.` : null;
    },
    reuse: (evidence) => {
      const { reuse } = idleTrail(evidence);
      return reuse?.url.startsWith('/api/session/me') ? `${said(reuse)} after the idle period.` : null;
    },
  },
  goal: (evidence) => {
    const { reuse } = idleTrail(evidence);
    return reuse?.url.startsWith('/api/session/me') ? verdictOf(reuse) : null;
  },
};

/** One set of checks per session attack; a missing one does not compile once the lab exports them. */
export const SESSION_WALKTHROUGH_CHECKS = {
  fixation,
  csrf,
  theft,
  logout,
  idleSession,
} satisfies Required<LabAttacks<typeof SESSION_LAB>['walkthroughs']>;
