import { describe, expect, it, vi } from 'vitest';
import { ERROR_DESCRIPTION, errorDescription } from '../../../src/server/labs/oauth/oauth-error';
import { ScriptedBrowser, account, authorizeUrl, basic, hiddenFields, postForm, signIn } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';

/** Lab ID against OIDC Core 1.0 and RFC 8252, as the OpenID conformance modules test it. */
describe('Lab ID conformance', () => {
  const { h, fixtures, codeParams } = useOAuthLab();
  const idp = () => h.lab.origins.idp;
  const leaves = (u: string) => !u.startsWith(`${idp()}/`);
  const postAuthorize = (browser: ScriptedBrowser, form: Record<string, string>) =>
    browser.navigate(`${idp()}/authorize`, leaves, { form });

  describe('POST /authorize (OIDC Core 1.0 §3.1.2.1)', () => {
    it('a form-encoded request runs the same flow as GET: sign-in, consent, then a code with the state', async () => {
      const browser = new ScriptedBrowser(h.fetch);
      let page = await postAuthorize(browser, codeParams());
      expect(page.status).toBe(200);
      expect(page.text).toContain('action="/login"');
      const who = await account(h);
      page = await browser.navigate(`${idp()}/login`, leaves, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      expect(page.text).toContain('action="/consent"');
      page = await browser.request('POST', `${idp()}/consent`, {
        form: { ...hiddenFields(page.text), decision: 'allow' },
      });
      expect(page.status).toBe(303);
      const back = new URL(page.location!);
      expect(back.origin + back.pathname).toBe(fixtures.redirectUri);
      expect(back.searchParams.get('code')).toBeTruthy();
      expect(back.searchParams.get('state')).toBe('st-ä &x=1');
    });

    it('runs the same checks: a bad redirect_uri gets a page, a bad scope an error redirect, a JSON body a page', async () => {
      const browser = new ScriptedBrowser(h.fetch);
      const badUri = await postAuthorize(browser, codeParams({ redirect_uri: 'https://evil.example/cb' }));
      expect(badUri.status).toBe(400);
      expect(badUri.location).toBeUndefined();
      const badScope = await postAuthorize(browser, codeParams({ scope: 'openid nope' }));
      expect(badScope.status).toBe(303);
      expect(new URL(badScope.location!).searchParams.get('error')).toBe('invalid_scope');
      const noPkce = codeParams();
      delete (noPkce as Record<string, string>).code_challenge;
      const refused = await postAuthorize(browser, noPkce);
      expect(new URL(refused.location!).searchParams.get('error')).toBe('invalid_request');
      const json = await h.fetch(`${idp()}/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(codeParams()),
        redirect: 'manual',
      });
      expect(json.status).toBe(400);
    });
  });

  describe('request objects (OIDC Core 1.0 §6)', () => {
    const object = 'eyJhbGciOiJub25lIn0.eyJzdGF0ZSI6ImZyb20tb2JqZWN0In0.';

    it('`request` is refused with request_not_supported on the redirect, with the state as sent', async () => {
      const res = await h.fetch(authorizeUrl(h, codeParams({ request: object })), { redirect: 'manual' });
      expect(res.status).toBe(303);
      const back = new URL(res.headers.get('location')!);
      expect(back.searchParams.get('error')).toBe('request_not_supported');
      expect(back.searchParams.get('state')).toBe('st-ä &x=1');
      expect(back.searchParams.get('code')).toBeNull();
    });

    it('`request_uri` is refused with request_uri_not_supported and never fetched', async () => {
      const fetchSpy = vi.spyOn(h.lab.labs.oauth.services, 'fetch');
      const uri = 'https://attacker.example/request.jwt';
      const res = await h.fetch(authorizeUrl(h, codeParams({ request_uri: uri })), { redirect: 'manual' });
      expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('request_uri_not_supported');
      const posted = await postAuthorize(new ScriptedBrowser(h.fetch), codeParams({ request_uri: uri }));
      expect(new URL(posted.location!).searchParams.get('error')).toBe('request_uri_not_supported');
      expect(fetchSpy).not.toHaveBeenCalled();
      fetchSpy.mockRestore();
    });

    it('with a redirect_uri that is not registered, either one gets an error page and no redirect', async () => {
      for (const extra of [{ request: object }, { request_uri: 'https://attacker.example/r' }] as Array<
        Record<string, string>
      >) {
        const res = await h.fetch(authorizeUrl(h, codeParams({ redirect_uri: 'https://evil.example/cb', ...extra })), {
          redirect: 'manual',
        });
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
      }
    });

    it('discovery says both are unsupported', async () => {
      const res = await h.fetch(`${idp()}/.well-known/openid-configuration`);
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc.request_parameter_supported).toBe(false);
      expect(doc.request_uri_parameter_supported).toBe(false);
    });
  });

  describe('remembered consent (RFC 8252 §8.6, RFC 6749 §10.2)', () => {
    const native = (port: number, extra: Record<string, string> = {}) =>
      authorizeUrl(h, {
        ...codeParams({ client_id: 'lab-cli', redirect_uri: `http://127.0.0.1:${port}/callback` }),
        scope: 'openid profile',
        ...extra,
      });

    it('a public client is shown the consent page again, and prompt=none gets consent_required', async () => {
      const browser = new ScriptedBrowser(h.fetch);
      const first = await signIn(h, browser, native(51234), await account(h));
      expect(new URL(first.location!).searchParams.get('code')).toBeTruthy();
      // Another local app, on another loopback port, borrows lab-cli's client_id.
      const again = await browser.navigate(native(61234), leaves);
      expect(again.status).toBe(200);
      expect(again.text).toContain('action="/consent"');
      const silent = await browser.navigate(native(61234, { prompt: 'none' }), leaves);
      expect(silent.status).toBe(303);
      expect(new URL(silent.location!).searchParams.get('error')).toBe('consent_required');
      expect(new URL(silent.location!).searchParams.get('code')).toBeNull();
    });

    it('a confidential client is still approved silently once the user consented', async () => {
      const browser = new ScriptedBrowser(h.fetch);
      await signIn(h, browser, authorizeUrl(h, codeParams()), await account(h));
      const again = await browser.navigate(authorizeUrl(h, codeParams({ prompt: 'none' })), leaves);
      expect(again.status).toBe(303);
      expect(new URL(again.location!).searchParams.get('code')).toBeTruthy();
    });
  });

  describe('error_description is printable ASCII (RFC 6749 §4.1.2.1, §5.2)', () => {
    it('on /token the description is ASCII while message keeps the section sign', async () => {
      const res = await postForm(
        h,
        '/token',
        { grant_type: 'password', username: 'a', password: 'b' },
        { authorization: basic('your-app', fixtures.yourApp.clientSecret!) },
      );
      expect(res.body.error).toBe('unsupported_grant_type');
      expect(res.body.error_description).toBe('The password grant is refused (RFC 9700 section 2.4).');
      expect(res.body.message).toBe('The password grant is refused (RFC 9700 §2.4).');
    });

    it('on an error redirect, whatever the request carried', async () => {
      const implicit = await h.fetch(authorizeUrl(h, codeParams({ response_type: 'token' })), { redirect: 'manual' });
      const back = new URL(implicit.headers.get('location')!);
      expect(back.searchParams.get('error_description')).toBe(
        'The implicit grant is not allowed (RFC 9700 section 2.1.2).',
      );
      // An unknown scope is named in the description: here it carries a quote, a backslash and an umlaut.
      const scope = await h.fetch(authorizeUrl(h, codeParams({ scope: 'openid "ä\\' })), { redirect: 'manual' });
      const description = new URL(scope.headers.get('location')!).searchParams.get('error_description')!;
      expect(description).toBe("Scope not allowed for this client: '?/.");
      expect(description).toMatch(ERROR_DESCRIPTION);
    });

    it('errorDescription maps every character outside the set, and keeps the ones inside', () => {
      const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join('');
      expect(errorDescription(all)).toMatch(ERROR_DESCRIPTION);
      const rich = 'Send "x" \\ … § ’ – ok';
      expect(errorDescription(rich)).toBe("Send 'x' / ... section ' - ok");
      const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i))
        .filter((c) => c !== '"' && c !== '\\')
        .join('');
      expect(errorDescription(printable.replace(/ {2,}/g, ' '))).toBe(printable);
    });
  });
});
