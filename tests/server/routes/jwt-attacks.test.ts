import { decodeJwt, decodeProtectedHeader, exportSPKI, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import {
  admin,
  forgeUnsigned,
  login,
  refresh,
  refreshCookieOf,
  resignHs256,
  tamper,
  withTogglesOff,
} from '../helpers/jwt';

const promote = (claims: Record<string, unknown>) => {
  claims.role = 'admin';
};

/** Every attack runs against the real server: it must fail with the defence on and succeed with it off. */
describe('JWT lab attacks, each against its toggle', () => {
  const h = useTestLab({ resetBeforeEach: true });

  describe('jwt.algorithmAllowList: alg none', () => {
    const forge = async () => forgeUnsigned({ ...decodeJwt((await login(h)).accessToken), role: 'admin' });
    it('on: an unsigned token is refused, in any spelling', async () => {
      const token = await forge();
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        const [, payload] = token.split('.');
        const variant = `${Buffer.from(JSON.stringify({ alg, typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
        const res = await admin(h, variant);
        expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
      }
    });
    it('off: the unsigned admin token is accepted', async () => {
      const token = await forge();
      await withTogglesOff(h, ['jwt.algorithmAllowList'], async () => {
        expect((await admin(h, token)).status).toBe(200);
      });
    });
  });

  describe('jwt.algorithmAllowList: key confusion (HS256 signed with the RS256 public key)', () => {
    const forge = async () => {
      const { accessToken } = await login(h);
      const jwks = (await h.call('GET', '/.well-known/jwks.json')).body.keys;
      const jwk = jwks.find((k: { kid: string }) => k.kid === decodeProtectedHeader(accessToken).kid);
      const pem = await exportSPKI(
        (await importJWK(jwk, 'RS256', { extractable: true })) as Parameters<typeof exportSPKI>[0],
      );
      return resignHs256(accessToken, pem, promote);
    };
    it('on: the RSA key only verifies RS256', async () => {
      const res = await admin(h, await forge());
      expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
    });
    it('off: the server HMACs with its own public key and accepts the forgery', async () => {
      const token = await forge();
      await withTogglesOff(h, ['jwt.algorithmAllowList'], async () => {
        expect((await admin(h, token)).status).toBe(200);
      });
    });
    it('on, even with the kid lookup unsafe: switching off another defence does not bring key confusion back', async () => {
      const token = await forge();
      await withTogglesOff(h, ['jwt.kidSanitizing'], async () => {
        expect([(await admin(h, token)).status, (await admin(h, token)).body.error]).toEqual([401, 'invalid_token']);
      });
    });
  });

  describe('jwt.strongSecret: crack the HS256 secret offline', () => {
    const crackAndForge = async () => {
      await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'HS256' } });
      const { accessToken } = await login(h);
      const { words } = (await h.call('GET', '/api/lab/jwt/wordlist')).body as { words: string[] };
      const { jwtVerify } = await import('jose');
      for (const word of words) {
        const ok = await jwtVerify(accessToken, new TextEncoder().encode(word), {
          currentDate: h.lab.context.clock.now(),
        }).then(
          () => true,
          () => false,
        );
        if (ok) return resignHs256(accessToken, word, promote);
      }
      return undefined;
    };
    it('on: the 256-bit random secret is not in any word list', async () => {
      expect(await crackAndForge()).toBeUndefined();
    });
    it('off: the secret is a dictionary word; the forged admin token works', async () => {
      await withTogglesOff(h, ['jwt.strongSecret'], async () => {
        const forged = await crackAndForge();
        expect(forged).toBeDefined();
        expect((await admin(h, forged!)).status).toBe(200);
      });
    });
    it('turning it back on stops trusting the weak key', async () => {
      let forged: string | undefined;
      await withTogglesOff(h, ['jwt.strongSecret'], async () => {
        forged = await crackAndForge();
      });
      expect((await admin(h, forged!)).status).toBe(401);
    });
  });

  describe('jwt.kidSanitizing: SQL injection through kid', () => {
    const kid = "x' UNION SELECT 'attacker-secret' --";
    const forge = async () => resignHs256((await login(h)).accessToken, 'attacker-secret', promote, { kid });
    it('on: the kid is refused before any lookup', async () => {
      const res = await admin(h, await forge());
      expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
    });
    it('off: the server verifies with the key the attacker chose', async () => {
      const token = await forge();
      await withTogglesOff(h, ['jwt.kidSanitizing'], async () => {
        expect((await admin(h, token)).status).toBe(200);
      });
    });
  });

  describe('jwt.verifySignature: decode without verify', () => {
    const forge = async () => tamper((await login(h)).accessToken, promote);
    it('on: the edited token fails its signature check', async () => {
      const res = await admin(h, await forge());
      expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
    });
    it('off: the edited claims are trusted', async () => {
      const token = await forge();
      await withTogglesOff(h, ['jwt.verifySignature'], async () => {
        expect((await admin(h, token)).status).toBe(200);
      });
    });
  });

  describe('jwt.refreshReuseDetection: a stolen refresh token', () => {
    const steal = async () => {
      const session = await login(h);
      const stolen = session.refreshCookie;
      // The victim keeps using the app: the stolen token is rotated out.
      const victim = refreshCookieOf((await refresh(h, stolen)).headers)!;
      return { stolen, victim };
    };
    it('on: the thief is refused and the family dies', async () => {
      const { stolen, victim } = await steal();
      expect((await refresh(h, stolen)).body.error).toBe('refresh_token_reused');
      expect((await refresh(h, victim)).status).toBe(401);
    });
    it('off: the thief gets fresh tokens and nobody notices', async () => {
      await withTogglesOff(h, ['jwt.refreshReuseDetection'], async () => {
        const { stolen, victim } = await steal();
        const thief = await refresh(h, stolen);
        expect(thief.status).toBe(200);
        expect(thief.body.accessToken).toEqual(expect.any(String));
        expect((await refresh(h, victim)).status).toBe(200);
      });
    });
  });

  describe('jwt.shortAccessTtl: a stolen access token', () => {
    it('on: it dies within 15 minutes', async () => {
      const { accessToken } = await login(h);
      h.lab.context.clock.advance(24 * 3600_000);
      expect((await admin(h, accessToken)).body.error).toBe('token_expired');
    });
    it('off: it still works a week later', async () => {
      await withTogglesOff(h, ['jwt.shortAccessTtl'], async () => {
        const { accessToken } = await login(h);
        expect(decodeJwt(accessToken).exp! - decodeJwt(accessToken).iat!).toBe(30 * 24 * 3600);
        h.lab.context.clock.advance(7 * 24 * 3600_000);
        expect(
          (await h.call('GET', '/api/jwt/me', { headers: { authorization: `Bearer ${accessToken}` } })).status,
        ).toBe(200);
      });
    });
  });
});
