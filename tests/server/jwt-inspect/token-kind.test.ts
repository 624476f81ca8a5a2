import { describe, expect, it } from 'vitest';
import { explainClaims, recogniseToken, type DecodedToken } from '../../../src/common/jwt-inspect';

const issuers = { labId: 'http://127.0.0.1:4111', jwtLab: 'http://127.0.0.1:4010' };
const token = (header: Record<string, unknown>, payload: Record<string, unknown>) =>
  ({ header, payload, signature: '', signingInput: '' }) as unknown as DecodedToken;

describe('recogniseToken', () => {
  it('tells a Lab ID ID token by nonce or at_hash, and explains its aud as the client it is for', () => {
    const id = token(
      { alg: 'RS256', typ: 'JWT' },
      { iss: issuers.labId, aud: 'your-app', nonce: 'n', at_hash: 'h', azp: 'your-app' },
    );
    expect(recogniseToken(id, issuers)).toMatchObject({ kind: 'id-token', issuer: 'lab-id' });
    const claims = explainClaims(id, 0, 'id-token');
    expect(claims.find((c) => c.name === 'aud')!.meaning).toMatch(/the client this ID token is for/);
    for (const name of ['azp', 'nonce', 'at_hash'])
      expect(claims.find((c) => c.name === name)!.meaning).toMatch(/OpenID Connect/);
  });

  it('tells an access token by typ at+jwt, and which issuer made it', () => {
    const labId = token({ alg: 'RS256', typ: 'at+jwt' }, { iss: issuers.labId, aud: 'x' });
    expect(recogniseToken(labId, issuers)).toMatchObject({ kind: 'access-token', issuer: 'lab-id' });
    const jwtLab = token({ alg: 'RS256', typ: 'at+jwt' }, { iss: issuers.jwtLab, aud: 'authlab-api' });
    expect(recogniseToken(jwtLab, issuers)).toMatchObject({ kind: 'access-token', issuer: 'jwt-lab' });
    expect(explainClaims(jwtLab, 0, 'access-token').find((c) => c.name === 'aud')!.meaning).toMatch(/which API/);
  });

  it('says unknown for a token with neither sign, and other for a foreign issuer', () => {
    const plain = token({ alg: 'HS256' }, { iss: 'https://elsewhere.example', sub: '1' });
    expect(recogniseToken(plain, issuers)).toMatchObject({ kind: 'unknown', issuer: 'other' });
  });

  it('knows the OpenID Connect claims email_verified, name and auth_time', () => {
    const claims = explainClaims(token({}, { email_verified: true, name: 'Ada', auth_time: 1 }), 0);
    for (const c of claims) expect(c.meaning).not.toMatch(/does not know/);
  });
});
