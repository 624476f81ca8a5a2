import { describe, expect, it, vi } from 'vitest';
import { setToggles, useTestLab, withTogglesOff, type LabHarness } from '../helpers';
import { ScriptedBrowser, account, authorizeUrl, basic, demoClients, hiddenFields, postForm } from '../helpers/oauth';

/**
 * User enumeration through the login answer (login.uniformErrors): every
 * route that checks a password through the shared first factor answers an
 * unknown email and a wrong password alike while the defence is on, and
 * tells them apart while it is off.
 */

interface Refusal {
  status: number;
  /** The error code (JSON routes); the HTML sign-in page has none. */
  error?: string;
  message: string;
}

type LoginRoute = (h: LabHarness, email: string, password: string) => Promise<Refusal>;

const jsonLogin =
  (path: string): LoginRoute =>
  async (h, email, password) => {
    const res = await h.call('POST', path, { json: { email, password } });
    return { status: res.status, error: res.body?.error, message: res.body?.message };
  };

/** Lab ID's HTML sign-in page: the answer is the page's status and its alert. */
const labIdSignIn: LoginRoute = async (h, email, password) => {
  const { redirectUris } = (await demoClients(h))['your-app']!;
  const browser = new ScriptedBrowser(h.fetch);
  const page = await browser.request(
    'GET',
    authorizeUrl(h, {
      response_type: 'code',
      client_id: 'your-app',
      redirect_uri: redirectUris[0]!,
      scope: 'openid',
      state: 's',
      nonce: 'n',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }),
  );
  const answer = await browser.request('POST', `${h.lab.origins.idp}/login`, {
    form: { ...hiddenFields(page.text), email, password },
  });
  const alert = /<p class="error" role="alert">([^<]*)<\/p>/.exec(answer.text)?.[1] ?? '';
  return { status: answer.status, message: alert.replaceAll('&#39;', "'") };
};

const ROUTES: Array<[string, LoginRoute]> = [
  ['POST /api/session/login', jsonLogin('/api/session/login')],
  ['POST /api/jwt/login', jsonLogin('/api/jwt/login')],
  ['Lab ID sign-in page (POST /login on the idp origin)', labIdSignIn],
];

describe('login answers and user enumeration (login.uniformErrors)', () => {
  const h = useTestLab({ resetBeforeEach: true });
  const unknownEmail = () => `nobody-${Math.random().toString(36).slice(2, 10)}@example.test`;

  describe.each(ROUTES)('%s', (_name, login) => {
    it('defence on: an unknown email and a wrong password get the very same answer', async () => {
      const { email } = await account(h);
      const unknown = await login(h, unknownEmail(), 'a wrong password');
      const wrong = await login(h, email, 'a wrong password');
      expect(unknown).toEqual(wrong);
      expect(unknown.status).toBe(401);
      expect(unknown.message).toBe('The email or password is wrong.');
      if (unknown.error !== undefined) expect(unknown.error).toBe('invalid_credentials');
    });

    it('defence off: the answer says whether the account exists', async () => {
      const { email } = await account(h);
      await withTogglesOff(h, ['login.uniformErrors'], async () => {
        const unknown = await login(h, unknownEmail(), 'a wrong password');
        const wrong = await login(h, email, 'a wrong password');
        expect(unknown).toMatchObject({ status: 401, message: 'No account with this email.' });
        expect(wrong).toMatchObject({ status: 401, message: 'The password is wrong.' });
        if (unknown.error !== undefined) {
          expect([unknown.error, wrong.error]).toEqual(['unknown_user', 'wrong_password']);
        }
      });
    });

    it('login.constantTime: an unknown email pays one bcrypt compare with the defence on, none with it off', async () => {
      const verify = vi.spyOn(h.lab.context.hasher, 'verify');
      try {
        await login(h, unknownEmail(), 'a wrong password');
        expect(verify).toHaveBeenCalledTimes(1);
        expect(verify.mock.calls[0]![1]).toBeUndefined(); // no stored hash: the dummy one is used
        verify.mockClear();
        await withTogglesOff(h, ['login.constantTime'], async () => {
          const unknown = await login(h, unknownEmail(), 'a wrong password');
          expect(unknown.status).toBe(401);
          expect(verify).not.toHaveBeenCalled();
          // A known email still pays its compare: that difference is the leak.
          await login(h, (await account(h)).email, 'a wrong password');
          expect(verify).toHaveBeenCalledTimes(1);
        });
      } finally {
        verify.mockRestore();
      }
    });

    it('defence off changes only failures: the right password still signs in', async () => {
      const who = await account(h);
      await withTogglesOff(h, ['login.uniformErrors', 'login.constantTime'], async () => {
        const res = await login(h, who.email, who.password);
        expect(res.status).toBeLessThan(400);
      });
    });
  });

  it('the OAuth password grant (legacy, oauth.refuseImplicitAndPassword off) passes the difference on as invalid_grant', async () => {
    const { clientSecret } = (await demoClients(h))['your-app']!;
    const { email } = await account(h);
    const grant = (username: string) =>
      postForm(
        h,
        '/token',
        { grant_type: 'password', username, password: 'a wrong password', scope: 'openid' },
        { authorization: basic('your-app', clientSecret!) },
      );
    await withTogglesOff(h, ['oauth.refuseImplicitAndPassword'], async () => {
      const [unknown, wrong] = [await grant(unknownEmail()), await grant(email)];
      expect([unknown.body.error, wrong.body.error]).toEqual(['invalid_grant', 'invalid_grant']);
      expect(unknown.body.error_description).toBe(wrong.body.error_description);
      await setToggles(h, { 'login.uniformErrors': false });
      try {
        const [unknown2, wrong2] = [await grant(unknownEmail()), await grant(email)];
        expect(unknown2.body.error_description).toBe('No account with this email.');
        expect(wrong2.body.error_description).toBe('The password is wrong.');
      } finally {
        await setToggles(h, { 'login.uniformErrors': true });
      }
    });
  });
});

describe('POST /api/lab/password/give-back-failures (the timing run’s lab helper)', () => {
  const h = useTestLab({ resetBeforeEach: true });
  const login = (email: string) =>
    h.call('POST', '/api/session/login', { json: { email, password: 'a wrong password' } });

  it('forgets the failures counted against the emails, and as many from the IP, so the run can go on', async () => {
    const { email } = await account(h);
    const unknown = 'nobody-give-back@example.test';
    for (let i = 0; i < 5; i++) expect((await login(email)).status).toBe(401);
    expect((await login(email)).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await login(unknown)).status).toBe(401);
    const res = await h.call('POST', '/api/lab/password/give-back-failures', { json: { emails: [email, unknown] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ failuresGivenBack: 8 });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await login(email)).status).toBe(401);
    // The IP is back to one failure (the one just made): 49 more are allowed before its limit.
    expect(h.lab.context.loginState.failures('ip:127.0.0.1', h.lab.context.clock.nowMs(), 15 * 60_000)?.count).toBe(1);
  });

  it.each([
    ['no body', undefined],
    ['no emails', { emails: [] }],
    ['not an email', { emails: ['not an email'] }],
    ['too many', { emails: Array.from({ length: 201 }, (_, i) => `a${i}@example.test`) }],
    ['extra field', { emails: ['a@example.test'], ip: '10.0.0.1' }],
  ])('refuses bad input with a 400 (%s)', async (_name, json) => {
    const res = await h.call('POST', '/api/lab/password/give-back-failures', json === undefined ? {} : { json });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof res.body.error).toBe('string');
  });
});
