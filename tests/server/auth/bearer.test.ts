import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../../src/server/auth/bearer';

describe('bearerToken: the one Authorization: Bearer parser (RFC 6750 §2.1)', () => {
  it.each([
    ['Bearer abc.DEF-_~+/9', 'abc.DEF-_~+/9'],
    ['Bearer dG9rZW4==', 'dG9rZW4=='],
    ['bearer abc', 'abc'], // the scheme name is case-insensitive
  ])('reads %s', (header, token) => expect(bearerToken(header)).toBe(token));

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwdw==', 'Bearer a b', 'Bearer a=b', 'Bearer "abc"'])(
    'refuses %s',
    (header) => expect(bearerToken(header)).toBeUndefined(),
  );
});
