import { describe, expect, it } from 'vitest';
import { redirectUriAllowed } from '../../../src/server/labs/oauth/redirect-uri';
import type { OAuthClient } from '../../../src/server/labs/oauth/repositories';

const client = (kind: OAuthClient['kind'], redirectUris: string[]): OAuthClient => ({
  clientId: 'c',
  name: 'c',
  secretHash: null,
  kind,
  authMethod: 'none',
  redirectUris,
  grantTypes: ['authorization_code'],
  scope: 'openid',
  demo: false,
  createdAt: 0,
});

describe('redirect_uri matching', () => {
  const web = client('web', ['https://app.example/cb']);
  const native = client('native', ['http://127.0.0.1/cb', 'http://[::1]/cb', 'com.example.app:/cb']);

  it('accepts only the exact registered string for web clients', () => {
    expect(redirectUriAllowed(web, 'https://app.example/cb', true)).toBe(true);
    for (const uri of [
      'https://app.example/cb/',
      'https://APP.example/cb',
      'https://app.example:443/cb',
      'https://app.example/cb?x',
      'https://app.example/cb#x',
      'https://app.example/./cb',
      'http://app.example/cb',
    ])
      expect(redirectUriAllowed(web, uri, true), uri).toBe(false);
  });

  it('lets native loopback redirects use any port, IPv4 and IPv6 (RFC 8252 §7.3), and nothing else', () => {
    expect(redirectUriAllowed(native, 'http://127.0.0.1:49152/cb', true)).toBe(true);
    expect(redirectUriAllowed(native, 'http://[::1]:49152/cb', true)).toBe(true);
    expect(redirectUriAllowed(native, 'com.example.app:/cb', true)).toBe(true);
    for (const uri of [
      'http://localhost:49152/cb',
      'http://127.0.0.1:49152/cb/',
      'http://127.0.0.1:49152/./cb',
      'http://127.0.0.1:49152/%63b',
      'http://x@127.0.0.1:49152/cb',
      'http://127.0.0.1.example:49152/cb',
      'com.example.app:/cb2',
    ])
      expect(redirectUriAllowed(native, uri, true), uri).toBe(false);
  });

  it('matches by host name only when the defence is off (the vulnerable mode)', () => {
    expect(redirectUriAllowed(web, 'https://app.example:8443/steal', false)).toBe(true);
    expect(redirectUriAllowed(web, 'https://evil.example/cb', false)).toBe(false);
  });
});
