import type { VictimVisit } from '../../../common/schemas/oauth';
import { LabError } from '../../core/errors';
import { ScriptedBrowser, metaRefresh, type Hop } from '../../core/scripted-browser';
import { demoAccount, signInAndConsent } from './runs';
import type { OAuthServices } from './services';

/**
 * The scripted victim of the hands-on walkthroughs (like the "victim clicks
 * the link" of an exploit server): the demo user, who opens the link the
 * learner sends, signs in to Lab ID when asked and allows what it asks for.
 */
export const VICTIM_EMAIL = 'user@authlab.test';
/** Pages the victim's browser goes through at most, so a redirect loop ends. */
const MAX_PAGES = 12;

/**
 * A URL on one of the lab's own servers: one of its four origins, or the same
 * port on the other loopback name (the attacker's catch page is 127.0.0.1).
 * The victim never fetches anything else, so the helper is no proxy to the network.
 */
function isLabUrl(lab: OAuthServices, url: URL): boolean {
  const origins = Object.values(lab.ctx.origins).map((origin) => new URL(origin));
  return origins.some(
    (origin) =>
      origin.origin === url.origin ||
      (url.protocol === 'http:' && origin.port === url.port && ['127.0.0.1', 'localhost'].includes(url.hostname)),
  );
}

/** The link the learner sends, or 400: an absolute URL on one of the lab's origins. */
export function victimLink(lab: OAuthServices, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LabError(400, 'invalid_request', 'Send { "url": "…" } with an absolute URL.');
  }
  if (!Object.values(lab.ctx.origins).includes(url.origin))
    throw new LabError(
      400,
      'invalid_request',
      `The victim opens links to the lab's own origins only: ${Object.values(lab.ctx.origins).join(', ')}.`,
    );
  return url;
}

/** One request of the victim's browser as the answer shows it: no query string (codes and states stay out of it). */
const describeHop = (hop: Hop) => {
  const url = new URL(hop.url);
  return `${hop.method} ${url.origin}${url.pathname} → ${hop.status}`;
};

/**
 * The victim opens the link as a browser would: redirects and meta refreshes
 * followed, Lab ID's sign-in and consent pages answered as the demo user, and
 * a stop where the next hop leaves the lab (a loopback port nothing listens
 * on). Then the victim looks at Your App, whose page says who they are logged in as.
 */
export async function openAsVictim(lab: OAuthServices, link: string): Promise<VictimVisit> {
  lab.ensureDemoClients();
  let next: string | undefined = victimLink(lab, link).toString();
  const browser = new ScriptedBrowser(lab.fetch);
  const victim = demoAccount(lab, VICTIM_EMAIL);
  const authorize = `${lab.issuer()}/authorize`;
  let finalStatus = 0;
  for (let pages = 0; next && pages < MAX_PAGES && isLabUrl(lab, new URL(next)); pages++) {
    if (next.startsWith(authorize)) {
      const back = await signInAndConsent(lab, browser, next, victim);
      finalStatus = back.status;
      next = back.location;
      continue;
    }
    const page = await browser.request('GET', next);
    finalStatus = page.status;
    const refresh = page.status === 200 ? metaRefresh(page.text) : undefined;
    next = page.location ?? (refresh ? new URL(refresh, page.url).toString() : undefined);
  }
  const home = await browser.request('GET', `${lab.ctx.origins.client}/`);
  const signedInAs = /<h1>Logged in as ([^<]+)<\/h1>/.exec(home.text)?.[1]?.trim() ?? null;
  return { hops: browser.hops.map(describeHop), finalStatus, yourAppSignedInAs: signedInAs };
}
