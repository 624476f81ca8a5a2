import type { TrafficEntry } from '../../../common/schemas/lab';
import type { WalkthroughEvidence } from '../attack-kit';
import { exchangesTo, fieldsOf, fragmentOf, jwtParts, queryOf } from '../../core/walkthrough-evidence';
import { evidenceOf, labIdRedirects, tokenRequests } from './walkthrough-exchanges';

/** Every code redemption at Lab ID's /token, whichever client (a confidential one names itself in Basic auth). */
const codeRedemptions = (x: WalkthroughEvidence) =>
  exchangesTo(x.exchanges, 'idp', 'POST', '/token')
    .map((exchange) => ({ exchange, code: fieldsOf(exchange).code ?? '' }))
    .filter(({ exchange, code }) => fieldsOf(exchange).grant_type === 'authorization_code' && code);

/** A redemption of a code already redeemed before it (the recorder shows the same fingerprint for the same code). */
const replays = (x: WalkthroughEvidence) =>
  codeRedemptions(x).filter((r, i, all) => all.slice(0, i).some((earlier) => earlier.code === r.code));

/** Lab ID's redirect to Lab Notes' page (/spa/callback) with a code in its query. */
const spaCode = (x: WalkthroughEvidence) =>
  labIdRedirects(x.exchanges).find(
    ({ location }) => location.pathname === '/spa/callback' && location.searchParams.has('code'),
  );
const spaCodeEvidence = (x: WalkthroughEvidence) =>
  evidenceOf(spaCode(x)?.exchange, 'Lab ID sent a code to /spa/callback; it is in your address bar.');

// Implicit grant: the token in the fragment, and a call to the API with it.
const implicitRequests = (x: WalkthroughEvidence) =>
  exchangesTo(x.exchanges, 'idp', 'GET', '/authorize').filter((e) => queryOf(e.url).get('response_type') === 'token');
const fragmentTokens = (x: WalkthroughEvidence) =>
  labIdRedirects(x.exchanges).flatMap(({ exchange }) => {
    const token = fragmentOf(exchange.responseHeaders.location ?? '').get('access_token');
    return token ? [{ exchange, token }] : [];
  });
const implicitRefused = (x: WalkthroughEvidence) =>
  implicitRequests(x).some((e) => {
    const location = e.responseHeaders.location ?? '';
    const error = queryOf(location).get('error') ?? fragmentOf(location).get('error');
    return error === 'unsupported_response_type' || (!location && e.status >= 400);
  });
/** API calls with a token that arrived in a URL fragment (both recorded as the same fingerprint). */
const leakedTokenCalls = (x: WalkthroughEvidence) => {
  const leaked = new Set(fragmentTokens(x).map(({ token }) => `Bearer ${token}`));
  return exchangesTo(x.exchanges, 'app', 'GET', '/api/oauth/resource').filter((e) =>
    leaked.has(e.requestHeaders.authorization ?? ''),
  );
};

// ID token substitution: a token for Lab Notes (aud lab-spa) posted to Your App.
const audienceOf = (idToken: string): unknown => jwtParts(idToken)?.payload.aud;
const YOUR_APP = 'your-app';
/** Posts to Your App's "sign in with an ID token" of a token issued to another client. */
const substitutions = (x: WalkthroughEvidence): TrafficEntry[] =>
  exchangesTo(x.exchanges, 'client', 'POST', '/id-token-login').filter((e) => {
    const aud = audienceOf(fieldsOf(e).id_token ?? '');
    return aud !== undefined && aud !== YOUR_APP && !(Array.isArray(aud) && aud.includes(YOUR_APP));
  });

/** The checks of the walkthroughs built on the code flow and its tokens. */
export const CODE_FLOW_WALKTHROUGHS = {
  'code-replay': {
    steps: {
      code: spaCodeEvidence,
      redeem: (x: WalkthroughEvidence) =>
        evidenceOf(codeRedemptions(x).find((r) => r.exchange.status === 200)?.exchange, 'the code gave out tokens.'),
      replay: (x: WalkthroughEvidence) => evidenceOf(replays(x).at(-1)?.exchange, 'the same code, sent again.'),
    },
    goal: (x: WalkthroughEvidence) => {
      const again = replays(x);
      if (again.some((r) => r.exchange.status === 200)) return 'succeeded' as const;
      return again.length > 0 ? ('refused' as const) : null;
    },
  },
  'implicit-leak': {
    steps: {
      implicit: (x: WalkthroughEvidence) =>
        evidenceOf(implicitRequests(x)[0], 'an authorization request with response_type=token.'),
      token: (x: WalkthroughEvidence) =>
        evidenceOf(fragmentTokens(x)[0]?.exchange, 'Lab ID put an access token in the redirect’s URL fragment.'),
      call: (x: WalkthroughEvidence) =>
        evidenceOf(leakedTokenCalls(x).at(-1), 'the API called with the token read from the address bar.'),
    },
    goal: (x: WalkthroughEvidence) => {
      if (leakedTokenCalls(x).some((e) => e.status === 200)) return 'succeeded' as const;
      return implicitRefused(x) ? ('refused' as const) : null;
    },
  },
  'id-token-substitution': {
    steps: {
      code: spaCodeEvidence,
      'id-token': (x: WalkthroughEvidence) =>
        evidenceOf(
          tokenRequests(x.exchanges, 'lab-spa').find(
            ({ exchange }) => exchange.status === 200 && (exchange.responseBody ?? '').includes('"id_token"'),
          )?.exchange,
          'Lab ID issued an ID token to Lab Notes (aud lab-spa).',
        ),
      post: (x: WalkthroughEvidence) =>
        evidenceOf(substitutions(x).at(-1), 'an ID token issued to another app, posted to Your App.'),
    },
    goal: (x: WalkthroughEvidence) => {
      const posted = substitutions(x);
      if (posted.some((e) => e.status === 200)) return 'succeeded' as const;
      return posted.some((e) => e.status >= 400) ? ('refused' as const) : null;
    },
  },
};
