/**
 * The live checks of the JWT lab's walkthroughs (the steps are declared in
 * common/labs/jwt-walkthroughs.ts). The recorder keeps a JWT's header and
 * payload and replaces its signature with a fingerprint of the whole token,
 * so a check reads the claims of what was sent, and matches a pasted token
 * to its exchange by how the recorder shows it.
 */
import type { JWT_LAB } from '../../../common/labs/jwt';
import type { LabContext } from '../../core/context';
import type { LabAttacks, WalkthroughChecks, WalkthroughEvidence } from '../attack-kit';
import {
  bearerOf,
  isCall,
  jsonBody,
  jwtParts,
  latest,
  recordedForm,
  said,
  sentCookie,
  setCookieValue,
  type Exchange,
} from '../../core/walkthrough-evidence';
import type { JwtKeyStore } from './keys';
import { REFRESH_COOKIE } from './routes';

type Goal = ReturnType<WalkthroughChecks['goal']>;
type Parts = NonNullable<ReturnType<typeof jwtParts>>;

/** The admin route's verdict: 200 let the forged token in, 401 refused it. */
const verdictOf = (exchange: Exchange | undefined): Goal =>
  exchange?.status === 200 ? 'succeeded' : exchange?.status === 401 ? 'refused' : null;

/** The latest sign-in that issued an access token: its exchange, the token as recorded, and its claims. */
function signIn(evidence: WalkthroughEvidence) {
  const exchange = latest(
    evidence.exchanges,
    (e) => isCall(e, 'POST', '/api/jwt/login') && e.status === 200 && typeof jsonBody(e).accessToken === 'string',
  );
  const recorded = exchange && String(jsonBody(exchange).accessToken);
  const parts = recorded ? jwtParts(recorded) : null;
  return exchange && recorded && parts ? { exchange, recorded, parts } : undefined;
}

const tokenCheck = (evidence: WalkthroughEvidence) => {
  const login = signIn(evidence);
  return login
    ? `${said(login.exchange)} issued a ${String(login.parts.header.alg)} token with role "${String(login.parts.payload.role)}".`
    : null;
};

/** A pasted token and its claims, or null when the paste is not a JWT. */
function pastedToken(evidence: WalkthroughEvidence, step: string): { token: string; parts: Parts } | null {
  const token = evidence.pasted[step]?.trim();
  const parts = token ? jwtParts(token) : null;
  return token && parts ? { token, parts } : null;
}

/** The latest call of a bearer route that carried exactly this (pasted) token. */
function sentWith(evidence: WalkthroughEvidence, path: string, token: string | undefined) {
  if (!token) return undefined;
  const recorded = recordedForm(token);
  return latest(evidence.exchanges, (e) => isCall(e, 'GET', path) && bearerOf(e) === recorded);
}

/** The latest GET /api/jwt/admin whose recorded bearer's claims pass `match`. */
function adminCallWhere(evidence: WalkthroughEvidence, match: (parts: Parts) => boolean) {
  return latest(evidence.exchanges, (e) => {
    const parts = isCall(e, 'GET', '/api/jwt/admin') ? jwtParts(bearerOf(e) ?? '') : null;
    return parts !== null && match(parts);
  });
}

/** Role admin in a token whose subject is not an admin: claims the learner edited. */
const forgedAdmin = (ctx: LabContext, parts: Parts) => {
  const sub = String(parts.payload.sub ?? '');
  const user = /^\d{1,15}$/.test(sub) ? ctx.users.findById(Number(sub)) : undefined;
  return parts.payload.role === 'admin' && user?.role !== 'admin';
};

const sentCheck = (exchange: Exchange | undefined, what: string) =>
  exchange ? `${said(exchange)} with ${what}.` : null;

/** Forgeries that the learner pastes and then sends to GET /api/jwt/admin. */
function pastedForgery(describe: (parts: Parts) => string | null): WalkthroughChecks {
  const forged = (evidence: WalkthroughEvidence) => {
    const pasted = pastedToken(evidence, 'forge');
    return pasted && describe(pasted.parts) ? pasted : null;
  };
  const send = (evidence: WalkthroughEvidence) => sentWith(evidence, '/api/jwt/admin', forged(evidence)?.token);
  return {
    steps: {
      token: tokenCheck,
      forge: (evidence) => {
        const pasted = forged(evidence);
        return pasted ? describe(pasted.parts) : null;
      },
      send: (evidence) => sentCheck(send(evidence), 'your forged token'),
    },
    goal: (evidence) => verdictOf(send(evidence)),
  };
}

// --- Refresh reuse ------------------------------------------------------------

function refreshTrail(evidence: WalkthroughEvidence) {
  const all = evidence.exchanges;
  const login = all.findLastIndex((e) => isCall(e, 'POST', '/api/jwt/login') && !!setCookieValue(e, REFRESH_COOKIE));
  const first = login < 0 ? undefined : setCookieValue(all[login]!, REFRESH_COOKIE);
  const spends = all.filter(
    (e, i) =>
      i > login &&
      isCall(e, 'POST', '/api/jwt/refresh') &&
      first !== undefined &&
      sentCookie(e, REFRESH_COOKIE) === first,
  );
  return { login: login < 0 ? undefined : all[login], rotate: spends.find((e) => e.status === 200), spends };
}

const refreshReuse: WalkthroughChecks = {
  steps: {
    login: (evidence) => {
      const { login } = refreshTrail(evidence);
      return login ? `${said(login)} set refresh cookie ${setCookieValue(login, REFRESH_COOKIE)}.` : null;
    },
    rotate: (evidence) => sentCheck(refreshTrail(evidence).rotate, 'the refresh cookie: it is now rotated out'),
    replay: (evidence) => {
      const { rotate, spends } = refreshTrail(evidence);
      return sentCheck(rotate && spends[spends.indexOf(rotate) + 1], 'the rotated-out refresh cookie again');
    },
  },
  goal: (evidence) => {
    const { rotate, spends } = refreshTrail(evidence);
    return verdictOf(rotate && spends[spends.indexOf(rotate) + 1]);
  },
};

// --- Token theft from localStorage -------------------------------------------

const stolenUse = (evidence: WalkthroughEvidence) =>
  sentWith(evidence, '/api/jwt/me', pastedToken(evidence, 'steal')?.token);

const localStorage: WalkthroughChecks = {
  steps: {
    token: tokenCheck,
    steal: (evidence) => {
      if (evidence.pasted.steal === undefined) return null;
      return pastedToken(evidence, 'steal')
        ? 'localStorage held an access token: any script in the page can take it.'
        : 'localStorage held no token: it lives only in the page\u2019s memory.';
    },
    use: (evidence) => sentCheck(stolenUse(evidence), 'the stolen token'),
  },
  goal: (evidence) => {
    const use = stolenUse(evidence);
    if (use) return use.status === 200 ? 'succeeded' : use.status === 401 ? 'refused' : null;
    const nothingThere = evidence.pasted.steal !== undefined && !pastedToken(evidence, 'steal') && signIn(evidence);
    return nothingThere ? 'refused' : null;
  },
};

// --- A stolen access token, much later ----------------------------------------

/** Long past a 15-minute token's expiry, and its leeway. */
const MUCH_LATER_MS = 3600_000;

function lateUse(evidence: WalkthroughEvidence) {
  const login = signIn(evidence);
  if (!login) return {};
  const issuedAt = Date.parse(login.exchange.at);
  const use = latest(
    evidence.exchanges,
    (e) =>
      isCall(e, 'GET', '/api/jwt/me') && bearerOf(e) === login.recorded && Date.parse(e.at) - issuedAt >= MUCH_LATER_MS,
  );
  const waitedMs = (use ? Date.parse(use.at) : evidence.ctx.clock.nowMs()) - issuedAt;
  return { use, waitedMs };
}

const longTtl: WalkthroughChecks = {
  steps: {
    token: tokenCheck,
    wait: (evidence) => {
      const { waitedMs = 0 } = lateUse(evidence);
      return waitedMs >= MUCH_LATER_MS
        ? `${Math.floor(waitedMs / 3600_000)} hours have passed on the lab clock since sign-in.`
        : null;
    },
    use: (evidence) => sentCheck(lateUse(evidence).use, 'the old access token'),
  },
  goal: (evidence) => verdictOf(lateUse(evidence).use),
};

/** The checks that need the lab's keys (which key a kid names, what a weak secret is). */
export function jwtWalkthroughChecks(keys: JwtKeyStore) {
  const keyOf = (kid: unknown) => (typeof kid === 'string' ? keys.findByKid(kid, 'access') : undefined);

  const algNone = pastedForgery(({ header, payload }) =>
    String(header.alg).toLowerCase() === 'none' && payload.role === 'admin'
      ? 'An unsigned token: alg "none", role "admin", no signature.'
      : null,
  );

  const confusion = pastedForgery(({ header, payload }) => {
    const key = keyOf(header.kid);
    return header.alg === 'HS256' && payload.role === 'admin' && key && key.alg !== 'HS256'
      ? `HS256, role "admin", naming the ${key.alg} key ${key.kid}: its public key became the HMAC secret.`
      : null;
  });
  const jwksStep = (evidence: WalkthroughEvidence) => {
    const jwks = latest(evidence.exchanges, (e) => isCall(e, 'GET', '/.well-known/jwks.json') && e.status === 200);
    return jwks ? `${said(jwks)}: the public keys anyone may download.` : null;
  };
  const keyConfusion: WalkthroughChecks = { steps: { jwks: jwksStep, ...confusion.steps }, goal: confusion.goal };

  /** The captured HS256 token and the key that signed it. */
  const captured = (evidence: WalkthroughEvidence) => {
    const login = signIn(evidence);
    return login?.parts.header.alg === 'HS256' ? { ...login, key: keyOf(login.parts.header.kid) } : undefined;
  };
  const cracked = (evidence: WalkthroughEvidence) => {
    const secret = evidence.pasted.crack?.trim();
    const key = captured(evidence)?.key;
    return secret && key?.alg === 'HS256' && key.verifyMaterial === secret ? secret : undefined;
  };
  const resigned = (evidence: WalkthroughEvidence) => {
    const kid = captured(evidence)?.parts.header.kid;
    return kid === undefined
      ? undefined
      : adminCallWhere(
          evidence,
          ({ header, payload }) => header.alg === 'HS256' && header.kid === kid && payload.role === 'admin',
        );
  };
  const weakSecret: WalkthroughChecks = {
    steps: {
      token: (evidence) => (captured(evidence) ? tokenCheck(evidence) : null),
      // Evidence is stored: it names what was proven, never the secret itself.
      crack: (evidence) => (cracked(evidence) ? 'The pasted secret verifies your token\u2019s signature.' : null),
      send: (evidence) => sentCheck(resigned(evidence), 'a token you re-signed as admin'),
    },
    // Only a re-signed admin token the server answered decides: a failed crack pasted alone proves nothing.
    goal: (evidence) => verdictOf(resigned(evidence)),
  };

  const injected = (evidence: WalkthroughEvidence) =>
    adminCallWhere(evidence, ({ header }) => typeof header.kid === 'string' && header.kid.includes("'"));
  const kidInjection: WalkthroughChecks = {
    steps: {
      token: tokenCheck,
      send: (evidence) => {
        const sent = injected(evidence);
        return sent ? `${said(sent)} with kid ${String(jwtParts(bearerOf(sent)!)!.header.kid)}.` : null;
      },
    },
    goal: (evidence) => verdictOf(injected(evidence)),
  };

  /** The lab's own header (a real key, its own algorithm) over claims edited to admin. */
  const edited = (evidence: WalkthroughEvidence) =>
    adminCallWhere(
      evidence,
      (parts) => keyOf(parts.header.kid)?.alg === parts.header.alg && forgedAdmin(evidence.ctx, parts),
    );
  const noVerify: WalkthroughChecks = {
    steps: {
      token: tokenCheck,
      send: (evidence) => sentCheck(edited(evidence), 'role "admin" under the old signature'),
    },
    goal: (evidence) => verdictOf(edited(evidence)),
  };

  return {
    algNone,
    keyConfusion,
    weakSecret,
    kidInjection,
    noVerify,
    refreshReuse,
    localStorage,
    longTtl,
  } satisfies Required<LabAttacks<typeof JWT_LAB>['walkthroughs']>;
}
