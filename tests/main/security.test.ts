import { describe, expect, it } from 'vitest';
import {
  isAllowedNavigation,
  isAppSender,
  isSafeExternalUrl,
  labOriginList,
  windowOpenDecision,
} from '../../src/main/security';
import { labOrigins } from './lab-origins';

describe('isAllowedNavigation', () => {
  it('allows every page on the four lab origins', () => {
    expect(isAllowedNavigation('http://127.0.0.1:5123/labs/jwt?x=1#top', labOrigins)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5124/authorize', labOrigins)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5125/callback', labOrigins)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5126/csrf', labOrigins)).toBe(true);
  });

  it.each([
    ['another port', 'http://127.0.0.1:5127/'],
    ['another scheme', 'https://127.0.0.1:5123/'],
    ['a look-alike host suffix', 'http://127.0.0.1:5123.evil.test/'],
    ['user-info before a foreign host', 'http://127.0.0.1:5123@evil.test/'],
    ['the attacker port on the app host name', 'http://127.0.0.1:5126/'],
    ['the app port on the attacker host name', 'http://localhost:5123/'],
    ['a remote site', 'https://example.com/'],
    ['a file URL', 'file:///etc/passwd'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['not a URL', 'http://'],
    ['an empty string', ''],
  ])('blocks %s', (_case, url) => {
    expect(isAllowedNavigation(url, labOrigins)).toBe(false);
  });

  it('normalizes the configured origins (a trailing slash or path does not matter)', () => {
    const withPaths = { ...labOrigins, app: 'http://127.0.0.1:5123/' };
    expect(labOriginList(withPaths)).toContain('http://127.0.0.1:5123');
    expect(isAllowedNavigation('http://127.0.0.1:5123/x', withPaths)).toBe(true);
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts https URLs', () => {
    expect(isSafeExternalUrl('https://datatracker.ietf.org/doc/html/rfc9700')).toBe(true);
  });

  it.each([
    'http://example.com/',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'smb://evil.test/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:secret@example.com/',
    'not a url',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false);
    expect(isSafeExternalUrl({ href: 'https://example.com/' })).toBe(false);
    expect(isSafeExternalUrl(new URL('https://example.com/'))).toBe(false);
  });
});

describe('isAppSender', () => {
  it('accepts only frames on the app origin', () => {
    expect(isAppSender('http://127.0.0.1:5123/drills', labOrigins)).toBe(true);
    expect(isAppSender('http://127.0.0.1:5124/login', labOrigins)).toBe(false);
    expect(isAppSender('http://localhost:5126/', labOrigins)).toBe(false);
    expect(isAppSender('about:blank', labOrigins)).toBe(false);
    expect(isAppSender(undefined, labOrigins)).toBe(false);
  });
});

describe('windowOpenDecision', () => {
  it.each([
    ['http://localhost:5126/session/fixation', 'attack-window'],
    ['http://localhost:5126', 'attack-window'],
    ['http://127.0.0.1:5123/', 'deny'],
    ['http://127.0.0.1:5124/authorize', 'deny'],
    ['http://localhost:5127/', 'deny'],
    ['http://localhost:5126.evil.test/', 'deny'],
    ['https://datatracker.ietf.org/doc/html/rfc6749', 'external'],
    ['javascript:alert(1)', 'deny'],
    ['file:///etc/passwd', 'deny'],
    [42, 'deny'],
  ] as const)('%s → %s', (url, decision) => {
    expect(windowOpenDecision(url, labOrigins)).toBe(decision);
  });
});
