import { describe, expect, it } from 'vitest';
import { describeExchange } from '../../../src/server/core/recorder';
import { fingerprint, maskBody, maskHeaders, maskUrl } from '../../../src/server/core/traffic-masking';
import { growthBeyondLinear } from '../helpers/timing';

/** A real-shaped JWT: `{"alg":"HS256","typ":"JWT"}.{"sub":"1"}.signature`. */
const JWT_SIGNING_INPUT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.';
const JWT = `${JWT_SIGNING_INPUT}c2lnbmF0dXJlLW9mLXRoZS10b2tlbg`;

describe('maskBody', () => {
  it('masks passwords and one-time codes at any depth of a JSON body, and strips token signatures', () => {
    const body = JSON.stringify({
      email: 'a@b.co',
      password: 'hunter22',
      nested: { code: '123456', newPassword: 'x' },
      accessToken: JWT,
    });
    const masked = JSON.parse(maskBody(body, 'application/json')!);
    expect(masked).toEqual({
      email: 'a@b.co',
      password: '••••••',
      nested: { code: '••••••', newPassword: '••••••' },
      accessToken: `${JWT_SIGNING_INPUT}${fingerprint(JWT)}`,
    });
  });

  it('masks before it clips: a password in a large body is still masked', () => {
    const body = JSON.stringify({ filler: 'x'.repeat(20_000), password: 'hunter2hunter2' });
    expect(maskBody(body, 'application/json')).not.toContain('hunter2hunter2');
  });

  it('masks a parsed body object whatever its content type (form posts arrive parsed)', () => {
    const masked = maskBody({ username: 'ada', password: 'hunter2hunter2' }, 'application/x-www-form-urlencoded');
    expect(masked).not.toContain('hunter2hunter2');
    expect(masked).toContain('ada');
  });

  it('masks secret-looking fields in text that is not JSON', () => {
    expect(maskBody('{"password": "hunter2hunter2", broken', 'application/json')).not.toContain('hunter2hunter2');
    expect(maskBody('user=ada&password=hunter2hunter2', 'text/plain')).not.toContain('hunter2hunter2');
  });

  it('masks passwords under any usual name, and fingerprints session ids and MFA tickets', () => {
    const [ticket, sid] = ['t'.repeat(32), 's'.repeat(32)];
    const masked = maskBody({ passwd: 'a1', new_password: 'a2', pass: 'a3', mfaTicket: ticket, sid, keep: 'k' });
    expect(JSON.parse(masked!)).toEqual({
      passwd: '••••••',
      new_password: '••••••',
      pass: '••••••',
      mfaTicket: fingerprint(ticket),
      sid: fingerprint(sid),
      keep: 'k',
    });
    expect(fingerprint(ticket)).toMatch(/^\[masked:[0-9a-f]{8}\]$/);
    // A short value would be found again by hashing every candidate: it is masked, not fingerprinted.
    expect(JSON.parse(maskBody({ sid: 'a5' })!)).toEqual({ sid: '••••••' });
  });

  it('cuts JSON nested deeper than it needs instead of overflowing the stack', () => {
    let deep: unknown = { password: 'hunter2hunter2' };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const masked = maskBody(deep)!;
    expect(masked).toContain('nested too deep');
    expect(masked).not.toContain('hunter2hunter2');
  });

  it('masks query strings and every cookie, keeping names and attributes', () => {
    const sid = 'abcdefabcdefabcdef';
    expect(maskUrl(`/x?password=p%40ss&sid=${sid}&q=1`)).toBe(
      `/x?password=${encodeURIComponent('••••••')}&sid=${encodeURIComponent(fingerprint(sid))}&q=1`,
    );
    const cookie = 's%3Asecretsecret.signature';
    const headers = maskHeaders({
      cookie: `theme=dark; authlab_sid=${cookie}; yourapp_session=${sid}`,
      'set-cookie': `authlab_sid=${cookie}; Path=/; HttpOnly\nauthlab_probe=present; Path=/`,
      authorization: 'Basic YWRhOmh1bnRlcjI=',
    });
    expect(headers.cookie).toBe(
      `theme=••••••; authlab_sid=${fingerprint(cookie)}; yourapp_session=${fingerprint(sid)}`,
    );
    expect(headers['set-cookie']).toBe(
      `authlab_sid=${fingerprint(cookie)}; Path=/; HttpOnly\nauthlab_probe=present; Path=/`,
    );
    expect(headers.authorization).toBe('Basic ••••••');
    expect(maskHeaders({ 'set-cookie': 'authlab_sid=; Max-Age=0' })['set-cookie']).toBe('authlab_sid=; Max-Age=0');
  });

  it('masks secret query parameters of URLs inside an HTML body', () => {
    const html = '<a href="http://127.0.0.1:4010/api/session/legacy/enter?sid=abcdef123456&x=1">go</a>';
    const masked = maskBody(html, 'text/html; charset=utf-8')!;
    expect(masked).not.toContain('abcdef123456');
    expect(masked).toContain('&x=1');
  });

  it('masks a large hostile text body in linear time (no regex backtracking)', async () => {
    // One body of 10,240 repeats (up to 40 kB) against 64 bodies of 160: the same work when masking
    // is linear, 64 times more when a regex backtracks quadratically. The bound is a quarter of that.
    const bodies = (scale: number) => ['x', 'a-', '"a" ', '?a', 'a: ', '&a='].map((unit) => unit.repeat(160 * scale));
    const growth = await growthBeyondLinear(bodies, (all) => all.forEach((body) => maskBody(body, 'text/plain')), 64);
    expect(growth).toBeLessThan(16);
  });

  it('masks TOTP seeds: the secret, the otpauth URL and the QR code that carries it', () => {
    const body = {
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUrl: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP',
      qrDataUrl: 'data:x',
    };
    expect(maskBody(JSON.stringify(body), 'application/json')).not.toMatch(/JBSWY3DPEHPK3PXP|data:x/);
  });

  it('masks form bodies', () => {
    expect(maskBody('email=a%40b.co&password=hunter22', 'application/x-www-form-urlencoded')).not.toContain('hunter22');
  });

  it('leaves non-JSON text alone and truncates huge bodies', () => {
    expect(maskBody('not json', 'text/plain')).toBe('not json');
    expect(maskBody('x'.repeat(100_000), 'text/plain')!.length).toBeLessThan(17_000);
    expect(maskBody(null)).toBeNull();
  });
});

describe('credentials in traffic', () => {
  const opaque = 'r'.repeat(43);
  const code = 'c0de'.repeat(8);

  it('conceals every kind of token and code in JSON bodies', () => {
    const body = {
      access_token: JWT,
      id_token: JWT,
      refresh_token: opaque,
      refreshToken: opaque,
      csrfToken: opaque,
      client_secret: 'your-app-secret',
      device_code: code,
      code,
      code_verifier: opaque + 'v',
      ticket: opaque + 't',
      recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'],
      token_type: 'Bearer',
      note: `a token in prose: ${JWT} ends here`,
    };
    const masked = JSON.parse(maskBody(JSON.stringify(body), 'application/json')!);
    expect(masked).toEqual({
      access_token: JWT_SIGNING_INPUT + fingerprint(JWT),
      id_token: JWT_SIGNING_INPUT + fingerprint(JWT),
      refresh_token: fingerprint(opaque),
      refreshToken: fingerprint(opaque),
      csrfToken: fingerprint(opaque),
      client_secret: '••••••',
      device_code: fingerprint(code),
      code: fingerprint(code),
      code_verifier: fingerprint(opaque + 'v'),
      ticket: fingerprint(opaque + 't'),
      recoveryCodes: '••••••',
      token_type: 'Bearer',
      note: `a token in prose: ${JWT_SIGNING_INPUT}${fingerprint(JWT)} ends here`,
    });
  });

  it('conceals codes and tokens in form bodies, query strings and redirect fragments', () => {
    const form = `grant_type=authorization_code&code=${code}&code_verifier=${opaque}&refresh_token=${opaque}`;
    const maskedForm = maskBody(form, 'application/x-www-form-urlencoded')!;
    expect(maskedForm).toContain('grant_type=authorization_code');
    expect(maskedForm).not.toMatch(new RegExp(`${code}|${opaque}`));
    expect(maskedForm).toContain(`code=${encodeURIComponent(fingerprint(code))}`);
    const redirect = maskUrl(`http://127.0.0.1:4030/cb?code=${code}&state=xyz#access_token=${JWT}&id_token=${JWT}`);
    expect(redirect).toContain('state=xyz');
    expect(redirect).not.toContain(code);
    expect(redirect).not.toContain(JWT);
    expect(redirect).toContain(encodeURIComponent(JWT_SIGNING_INPUT + fingerprint(JWT)));
  });

  it('conceals Bearer tokens, token headers and redirect locations', () => {
    const headers = maskHeaders({
      authorization: `Bearer ${JWT}`,
      'x-csrf-token': opaque,
      location: `http://127.0.0.1:4030/callback?code=${code}&state=s`,
      accept: 'application/json',
    });
    expect(headers.authorization).toBe(`Bearer ${JWT_SIGNING_INPUT}${fingerprint(JWT)}`);
    expect(maskHeaders({ authorization: `Bearer ${opaque}` }).authorization).toBe(`Bearer ${fingerprint(opaque)}`);
    expect(headers['x-csrf-token']).toBe(fingerprint(opaque));
    expect(headers.location).toBe(
      `http://127.0.0.1:4030/callback?code=${encodeURIComponent(fingerprint(code))}&state=s`,
    );
    expect(headers.accept).toBe('application/json');
  });

  it('conceals hidden inputs, tokens in text areas and any JWT in an HTML page', () => {
    const html = `<form><input type="hidden" name="interaction" value="${opaque}"><input type="hidden" name="ticket" value="${opaque}t">
<input id="email" name="email" type="email" value="ada@example.com"></form>
<textarea readonly aria-label="ID token">${JWT}</textarea><textarea readonly aria-label="Refresh token">${opaque}</textarea>
<textarea>a learner's own words, kept as written</textarea><p>${JWT}</p>`;
    const masked = maskBody(html, 'text/html; charset=utf-8')!;
    expect(masked).not.toMatch(new RegExp(`${opaque}|c2lnbmF0dXJl`));
    expect(masked).toContain(`name="interaction" value="${fingerprint(opaque)}"`);
    expect(masked).toContain(`name="ticket" value="${fingerprint(opaque + 't')}"`);
    expect(masked).toContain('value="ada@example.com"');
    expect(masked).toContain(`aria-label="Refresh token">${fingerprint(opaque)}</textarea>`);
    expect(masked).toContain(`aria-label="ID token">${JWT_SIGNING_INPUT}${fingerprint(JWT)}</textarea>`);
    expect(masked).toContain("a learner's own words, kept as written");
    expect(masked).toContain(`<p>${JWT_SIGNING_INPUT}${fingerprint(JWT)}</p>`);
  });

  it('finds JWTs, hidden inputs and text areas in linear time (no regex backtracking)', async () => {
    // One body of 10,240 repeats (up to 190 kB) against 64 bodies of 160: the same work when the
    // scan is linear, 64 times more when it backtracks quadratically. The bound is a quarter of that.
    const units = ['eyJ', 'eyJa.', '.eyJ', 'eyJa.eyJ', '<input ', '<input type=hidden ', '<textarea>'];
    const bodies = (scale: number) => units.map((unit) => unit.repeat(160 * scale));
    const growth = await growthBeyondLinear(bodies, (all) => all.forEach((body) => maskBody(body, 'text/html')), 64);
    expect(growth).toBeLessThan(16);
  });

  it('leaves an unsigned token (alg none) and dotted names alone: there is no signature to hide', () => {
    const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.';
    expect(maskBody(`see ${unsigned} and jquery.min.js`, 'text/plain')).toBe(`see ${unsigned} and jquery.min.js`);
  });
});

describe('describeExchange', () => {
  const exchange = (status: number, responseHeaders: Record<string, string> = {}, responseBody: string | null = null) =>
    describeExchange({ status, responseHeaders, responseBody });

  it.each([
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [429, 'rate_limited'],
    [400, 'client_error'],
    [500, 'server_error'],
  ] as const)('says what a %i means', (status, meaning) => {
    expect(exchange(status)).toContain(meaning);
  });

  it('notices cookies set and cleared, and tokens issued', () => {
    expect(exchange(200, { 'set-cookie': 'sid=abc; Path=/; HttpOnly' })).toContain('cookie_set');
    expect(exchange(200, { 'set-cookie': 'sid=; Max-Age=0' })).toContain('cookie_cleared');
    expect(exchange(200, {}, '{"accessToken":"eyJ"}')).toContain('token_issued');
  });
});
