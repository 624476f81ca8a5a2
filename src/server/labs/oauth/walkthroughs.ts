import type { OAUTH_LAB } from '../../../common/labs/oauth';
import type { LabAttacks, WalkthroughEvidence } from '../attack-kit';
import { exchangesTo, queryOf } from '../../core/walkthrough-evidence';
import {
  authorizeRequests,
  evidenceOf,
  labIdRedirects,
  leavesTheLab,
  tokenRequests,
  victimVisits,
} from './walkthrough-exchanges';
import { CODE_FLOW_WALKTHROUGHS } from './walkthroughs-code-flow';

// Code interception: the CLI's code, requested without PKCE, caught on its loopback port.
const cliWithoutPkce = (x: WalkthroughEvidence) =>
  authorizeRequests(x.exchanges, 'lab-cli').filter((e) => !queryOf(e.url).has('code_challenge'));
const loopbackCode = (x: WalkthroughEvidence) =>
  labIdRedirects(x.exchanges).find(({ location }) => leavesTheLab(x, location) && location.searchParams.has('code'));
const pkceRefused = (x: WalkthroughEvidence) =>
  labIdRedirects(x.exchanges).find(
    ({ exchange, location }) =>
      location.searchParams.get('error') === 'invalid_request' && queryOf(exchange.url).get('client_id') === 'lab-cli',
  );
const cliRedemptions = (x: WalkthroughEvidence) =>
  tokenRequests(x.exchanges, 'lab-cli').filter(({ fields }) => !fields.code_verifier);

// Redirect URI: the attacker's catch page on Lab Notes' host name, another port.
const isCatchPage = (redirectUri: string | null) => (redirectUri ?? '').includes('/oauth/steal');
const catchPageVisits = (x: WalkthroughEvidence) => exchangesTo(x.exchanges, 'attacker', 'GET', '/oauth/steal');

// Login CSRF: the victim's browser opened the attacker's callback.
const ATTACKER_EMAIL = 'admin@authlab.test';
const csrfVisits = (x: WalkthroughEvidence) =>
  victimVisits(x.exchanges).filter(({ visit }) =>
    (visit.hops as string[] | undefined)?.some((hop) => hop.includes('/callback ')),
  );

/** The OAuth lab's live checks, keyed by the step ids of its walkthroughs (common/labs/oauth.ts). */
export const OAUTH_WALKTHROUGHS = {
  'code-interception': {
    steps: {
      authorize: (x) => evidenceOf(cliWithoutPkce(x)[0], 'the CLI’s request carried no code_challenge.'),
      catch: (x) => {
        const caught = loopbackCode(x);
        return caught ? `Lab ID sent a code to ${caught.location.origin}${caught.location.pathname}.` : null;
      },
      redeem: (x) => {
        const last = cliRedemptions(x).at(-1);
        return last ? evidenceOf(last.exchange, 'the code redeemed with client_id=lab-cli and no verifier.') : null;
      },
    },
    goal: (x) => {
      if (cliRedemptions(x).some(({ exchange }) => exchange.status === 200)) return 'succeeded';
      if (pkceRefused(x) || cliRedemptions(x).some(({ exchange }) => exchange.status >= 400)) return 'refused';
      return null;
    },
  },
  'redirect-uri': {
    steps: {
      lure: (x) =>
        evidenceOf(
          exchangesTo(x.exchanges, 'attacker', 'GET', '/oauth/redirect-uri').find((e) => e.status === 200),
          'the attacker’s page built its Lab ID link.',
        ),
      deliver: (x) => {
        const sent = victimVisits(x.exchanges).find(({ url }) => isCatchPage(queryOf(url).get('redirect_uri')));
        return sent ? `The victim opened your Lab ID link (last page ${String(sent.visit.finalStatus)}).` : null;
      },
    },
    goal: (x) => {
      if (catchPageVisits(x).some((e) => (e.responseBody ?? '').includes('Token endpoint: 200'))) return 'succeeded';
      const refused = exchangesTo(x.exchanges, 'idp', 'GET', '/authorize').some(
        (e) => isCatchPage(queryOf(e.url).get('redirect_uri')) && e.status >= 400,
      );
      return refused ? 'refused' : null;
    },
  },
  'login-csrf': {
    steps: {
      prepare: (x) =>
        evidenceOf(
          exchangesTo(x.exchanges, 'attacker', 'GET', '/oauth/login-csrf').find((e) => e.status === 200),
          `the attacker signed in to Your App as ${ATTACKER_EMAIL} and stopped before the callback.`,
        ),
      deliver: (x) => {
        const visit = csrfVisits(x).at(-1);
        return visit
          ? `The victim’s browser opened Your App’s callback (last page ${String(visit.visit.finalStatus)}).`
          : null;
      },
    },
    goal: (x) => {
      const visits = csrfVisits(x);
      if (visits.some(({ visit }) => visit.yourAppSignedInAs === ATTACKER_EMAIL)) return 'succeeded';
      return visits.length > 0 ? 'refused' : null;
    },
  },
  ...CODE_FLOW_WALKTHROUGHS,
} satisfies LabAttacks<typeof OAUTH_LAB>['walkthroughs'];
