import { beforeAll, describe, expect, it } from 'vitest';
import { basic, type DemoClient } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';

/** A query or form as ordered pairs, so a parameter can be sent twice. */
type Pairs = Array<[string, string]>;
const long = (n: number) => 'a'.repeat(n);

describe('Lab ID answers bad input with OAuth errors, never a 5xx', () => {
  const { h, fixtures, codeParams } = useOAuthLab();
  let yourApp: DemoClient;
  beforeAll(() => {
    yourApp = fixtures.yourApp;
  });

  /** A valid code request with some parameters replaced (undefined drops one) and some added. */
  const authorizePairs = (replace: Record<string, string | undefined>, add: Pairs = []): Pairs => [
    ...Object.entries({ ...codeParams(), ...replace }).filter((e): e is [string, string] => e[1] !== undefined),
    ...add,
  ];

  describe('/authorize: with a trusted client and redirect_uri, errors go back to it (RFC 6749 §4.1.2.1)', () => {
    const cases: Array<[string, Record<string, string | undefined>, Pairs, string]> = [
      ['scope sent twice', {}, [['scope', 'openid']], 'invalid_request'],
      ['state sent twice', {}, [['state', 'again']], 'invalid_request'],
      ['no response_type', { response_type: undefined }, [], 'unsupported_response_type'],
      ['response_type=id_token', { response_type: 'id_token' }, [], 'unsupported_response_type'],
      ['response_type=token while refused', { response_type: 'token' }, [], 'unsupported_response_type'],
      ['no scope', { scope: undefined }, [], 'invalid_scope'],
      ['an unknown scope', { scope: 'openid admin' }, [], 'invalid_scope'],
      ['an overlong scope', { scope: long(5000) }, [], 'invalid_scope'],
      ['no PKCE', { code_challenge: undefined, code_challenge_method: undefined }, [], 'invalid_request'],
      ['PKCE plain', { code_challenge_method: 'plain' }, [], 'invalid_request'],
      ['a short code_challenge', { code_challenge: 'abc' }, [], 'invalid_request'],
      ['a code_challenge without method', { code_challenge_method: undefined }, [], 'invalid_request'],
      ['max_age not a number', { max_age: 'soon' }, [], 'invalid_request'],
      ['max_age negative', { max_age: '-1' }, [], 'invalid_request'],
      ['max_age overlong', { max_age: long(20).replace(/a/g, '9') }, [], 'invalid_request'],
      ['an overlong state', { state: long(3000) }, [], 'invalid_request'],
      ['an overlong nonce', { nonce: long(3000) }, [], 'invalid_request'],
      ['an unknown prompt', { prompt: 'select_account' }, [], 'invalid_request'],
    ];
    it.each(cases)('%s → %s', async (_label, replace, add, error) => {
      const url = new URL(`${h.lab.origins.idp}/authorize`);
      url.search = new URLSearchParams(authorizePairs(replace, add)).toString();
      const response = await h.fetch(url.toString(), { redirect: 'manual' });
      expect(response.status).toBe(303);
      const back = new URL(response.headers.get('location')!);
      expect(back.origin + back.pathname).toBe(fixtures.redirectUri);
      expect(back.searchParams.get('error')).toBe(error);
      expect(back.searchParams.get('iss')).toBe(h.lab.origins.idp);
    });
  });

  describe('/authorize: without a trusted client or redirect_uri, a page and no redirect', () => {
    const cases: Array<[string, Record<string, string | undefined>, Pairs, string]> = [
      ['no client_id', { client_id: undefined }, [], 'invalid_client'],
      ['an unknown client_id', { client_id: 'nobody' }, [], 'invalid_client'],
      ['an overlong client_id', { client_id: long(5000) }, [], 'invalid_client'],
      ['client_id sent twice', {}, [['client_id', 'lab-spa']], 'invalid_client'],
      ['no redirect_uri', { redirect_uri: undefined }, [], 'invalid_redirect_uri'],
      ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, [], 'invalid_redirect_uri'],
      ['redirect_uri sent twice', {}, [['redirect_uri', 'https://evil.example/cb']], 'invalid_redirect_uri'],
      ['an overlong redirect_uri', { redirect_uri: `http://127.0.0.1/${long(5000)}` }, [], 'invalid_redirect_uri'],
    ];
    it.each(cases)('%s → %s', async (_label, replace, add, error) => {
      const url = new URL(`${h.lab.origins.idp}/authorize`);
      url.search = new URLSearchParams(authorizePairs(replace, add)).toString();
      const response = await h.fetch(url.toString(), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain(`<code>${error}</code>`);
    });
  });

  describe('/token: RFC 6749 §5.2 error bodies', () => {
    const yourAppAuth = () => ({ authorization: basic('your-app', yourApp.clientSecret!) });
    const cases: Array<[string, () => Record<string, string>, Pairs | string, number, string]> = [
      ['a JSON body', yourAppAuth, '{"grant_type":"refresh_token"}', 400, 'invalid_request'],
      [
        'grant_type sent twice',
        yourAppAuth,
        [
          ['grant_type', 'refresh_token'],
          ['grant_type', 'password'],
        ],
        400,
        'invalid_request',
      ],
      ['no grant_type', yourAppAuth, [], 400, 'invalid_request'],
      ['an unknown grant_type', yourAppAuth, [['grant_type', 'magic']], 400, 'unsupported_grant_type'],
      ['an overlong grant_type', yourAppAuth, [['grant_type', long(5000)]], 400, 'unsupported_grant_type'],
      ['no client authentication', () => ({}), [['grant_type', 'refresh_token']], 401, 'invalid_client'],
      [
        'a wrong secret',
        () => ({ authorization: basic('your-app', 'wrong') }),
        [['grant_type', 'refresh_token']],
        401,
        'invalid_client',
      ],
      [
        'malformed Basic credentials',
        () => ({ authorization: 'Basic !!!' }),
        [['grant_type', 'refresh_token']],
        401,
        'invalid_client',
      ],
      [
        'two authentication methods',
        yourAppAuth,
        [
          ['grant_type', 'refresh_token'],
          ['client_secret', 'x'],
        ],
        400,
        'invalid_request',
      ],
      [
        'a code grant without code',
        yourAppAuth,
        [
          ['grant_type', 'authorization_code'],
          ['redirect_uri', 'x'],
        ],
        400,
        'invalid_request',
      ],
      [
        'an unknown, overlong code',
        yourAppAuth,
        [
          ['grant_type', 'authorization_code'],
          ['code', long(5000)],
          ['redirect_uri', 'x'],
        ],
        400,
        'invalid_grant',
      ],
      ['a refresh grant without token', yourAppAuth, [['grant_type', 'refresh_token']], 400, 'invalid_request'],
      [
        'an unknown refresh token',
        yourAppAuth,
        [
          ['grant_type', 'refresh_token'],
          ['refresh_token', long(300)],
        ],
        400,
        'invalid_grant',
      ],
      [
        'a device grant without device_code',
        () => ({}),
        [
          ['grant_type', 'urn:ietf:params:oauth:grant-type:device_code'],
          ['client_id', 'lab-cli'],
        ],
        400,
        'invalid_request',
      ],
      [
        'the password grant while refused',
        yourAppAuth,
        [
          ['grant_type', 'password'],
          ['username', 'a'],
          ['password', 'b'],
        ],
        400,
        'unsupported_grant_type',
      ],
    ];
    it.each(cases)('%s → %i %s', async (_label, headers, body, status, error) => {
      const response = await h.fetch(`${h.lab.origins.idp}/token`, {
        method: 'POST',
        headers: {
          'content-type': typeof body === 'string' ? 'application/json' : 'application/x-www-form-urlencoded',
          ...headers(),
        },
        body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
      });
      expect(response.status).toBe(status);
      const answer = (await response.json()) as { error: string; error_description?: string };
      expect(answer.error).toBe(error);
      expect(typeof answer.error_description).toBe('string');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  });
});
