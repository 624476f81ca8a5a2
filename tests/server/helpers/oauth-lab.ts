import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { TrafficEntry } from '../../../src/common/schemas/lab';
import { ERROR_DESCRIPTION } from '../../../src/server/labs/oauth/oauth-error';
import { useTestLab } from './index';
import { ScriptedBrowser, account, authorizeUrl, basic, demoClients, postForm, signIn, type DemoClient } from './oauth';

/** RFC 7636 Appendix B: a verifier and its S256 challenge. */
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** The error_description of a recorded answer: in a JSON body, or in the query or fragment of its redirect. */
export function errorDescriptionsOf(entry: TrafficEntry): string[] {
  const found: string[] = [];
  const location = entry.responseHeaders.location;
  if (location) {
    const url = new URL(location, 'http://lab.invalid');
    for (const params of [url.searchParams, new URLSearchParams(url.hash.slice(1))]) {
      const description = params.get('error_description');
      if (description !== null) found.push(description);
    }
  }
  if (entry.responseBody?.startsWith('{')) {
    try {
      const body = JSON.parse(entry.responseBody) as { error_description?: unknown };
      if (typeof body.error_description === 'string') found.push(body.error_description);
    } catch {
      // A clipped body: nothing to read.
    }
  }
  return found;
}

/**
 * Watches every answer of the lab while the file's tests run, and fails a
 * test whose OAuth errors carry an error_description outside printable
 * ASCII (RFC 6749 §4.1.2.1, §5.2). Returns what it has seen so far.
 */
export function scanErrorDescriptions(h: ReturnType<typeof useTestLab>) {
  const seen: string[] = [];
  let stop = () => {};
  const check = () => {
    const bad = seen.filter((d) => !ERROR_DESCRIPTION.test(d));
    seen.length = 0;
    expect(bad, 'error_description outside RFC 6749 §5.2').toEqual([]);
  };
  beforeAll(() => {
    stop = h.lab.context.recorder.subscribe((entry) => seen.push(...errorDescriptionsOf(entry)));
  });
  afterEach(check);
  afterAll(() => {
    stop();
    check();
  });
  return seen;
}

/**
 * A fresh lab for Lab ID's route tests: the demo clients read once, every
 * OAuth toggle back on and the clock reset after each test, every
 * error_description checked, and the code flow helpers the tests share.
 */
export function useOAuthLab() {
  const h = useTestLab({ resetBeforeEach: true });
  scanErrorDescriptions(h);
  const fixtures = {} as { clients: Record<string, DemoClient>; yourApp: DemoClient; redirectUri: string };
  beforeAll(async () => {
    fixtures.clients = await demoClients(h);
    fixtures.yourApp = fixtures.clients['your-app']!;
    fixtures.redirectUri = fixtures.yourApp.redirectUris[0]!;
  });
  afterEach(async () => {
    await h.call('PUT', '/api/lab/toggles', {
      json: {
        'oauth.requirePkce': true,
        'oauth.exactRedirectUri': true,
        'oauth.checkState': true,
        'oauth.singleUseCode': true,
        'oauth.refuseImplicitAndPassword': true,
        'oauth.validateIdToken': true,
      },
    });
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
  });

  const codeParams = (extra: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: 'your-app',
    redirect_uri: fixtures.redirectUri,
    scope: 'openid profile email offline_access lab.api',
    state: 'st-ä &x=1',
    nonce: 'n-123',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  });

  async function getCode(extra: Record<string, string> = {}, who?: { email: string; password: string }) {
    const back = await signIn(
      h,
      new ScriptedBrowser(h.fetch),
      authorizeUrl(h, codeParams(extra)),
      who ?? (await account(h)),
    );
    expect(back.status).toBe(303);
    return new URL(back.location!);
  }

  const redeem = (
    code: string,
    extra: Record<string, string> = {},
    auth = basic('your-app', fixtures.yourApp.clientSecret!),
  ): ReturnType<typeof postForm> =>
    postForm(
      h,
      '/token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: fixtures.redirectUri,
        code_verifier: VERIFIER,
        ...extra,
      },
      { authorization: auth },
    );

  return { h, fixtures, codeParams, getCode, redeem };
}
