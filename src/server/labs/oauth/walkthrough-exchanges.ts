/** What the OAuth walkthroughs read in the recorded exchanges: Lab ID's redirects, authorize and token requests, victim visits. */
import type { TrafficEntry } from '../../../common/schemas/lab';
import type { WalkthroughEvidence } from '../attack-kit';
import { exchangesTo, fieldsOf, jsonBody, queryOf, said } from '../../core/walkthrough-evidence';

/** Lab ID's answers that sent the browser on (authorize, sign-in, consent), with where they sent it. */
export const labIdRedirects = (exchanges: readonly TrafficEntry[]) =>
  exchanges
    .filter((e) => e.origin === 'idp' && e.responseHeaders.location)
    .map((e) => ({ exchange: e, location: new URL(e.responseHeaders.location!, 'http://lab.invalid') }));

/** The authorize requests of one client. */
export const authorizeRequests = (exchanges: readonly TrafficEntry[], clientId: string) =>
  exchangesTo(exchanges, 'idp', 'GET', '/authorize').filter((e) => queryOf(e.url).get('client_id') === clientId);

/** The code redemptions at /token by one client, with their form fields. */
export const tokenRequests = (exchanges: readonly TrafficEntry[], clientId: string) =>
  exchangesTo(exchanges, 'idp', 'POST', '/token')
    .map((exchange) => ({ exchange, fields: fieldsOf(exchange) }))
    .filter(({ fields }) => fields.grant_type === 'authorization_code' && fields.client_id === clientId);

/** The scripted victim's visits (POST /api/lab/oauth/victim/open): the link sent and what the victim's browser did. */
export const victimVisits = (exchanges: readonly TrafficEntry[]) =>
  exchangesTo(exchanges, 'app', 'POST', '/api/lab/oauth/victim/open')
    .filter((e) => e.status === 200)
    .map((e) => ({ url: fieldsOf(e).url ?? '', visit: jsonBody(e) }));

/** A redirect away from every lab origin (a native app's loopback port). */
export const leavesTheLab = (x: WalkthroughEvidence, location: URL) =>
  !Object.values(x.ctx.origins).some((origin) => new URL(origin).origin === location.origin);

/** A step's evidence line: the exchange and what it showed, or null while there is none. */
export const evidenceOf = (exchange: TrafficEntry | undefined, text: string) =>
  exchange ? `${said(exchange)}: ${text}` : null;
