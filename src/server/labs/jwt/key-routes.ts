import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { errorResponses, isoTime, isoTimeOrNull } from '../../../common/schemas/common';
import { LEEWAY_S } from './access-tokens';
import type { JwtServices } from './services';
import type { SigningKey } from './keys';
import { FamiliesResponse, JwksResponse, JwtKeyInfo, RotateBody, WordlistResponse } from './schemas';

/** The public keys that verify access tokens (RFC 7517): public, cacheable. */
export async function jwksRoute(root: FastifyInstance, lab: JwtServices): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['jwt'],
        summary: 'Public keys that verify access tokens (RFC 7517)',
        response: { 200: JwksResponse },
      },
    },
    async () => lab.keys.jwks(),
  );
}

/** Key rotation (API.md): a token route, so it answers no-store with the others. */
export async function jwtKeyRoutes(root: FastifyInstance, lab: JwtServices): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/jwt/keys/rotate',
    {
      schema: {
        tags: ['jwt'],
        summary: 'New access signing key with a new kid; the old one verifies until its tokens expire',
        description: "compromised: true drops the old key at once. alg picks the new key's algorithm (lab only).",
        body: RotateBody,
        response: { 200: JwtKeyInfo, ...errorResponses(400, 415) },
      },
    },
    async (request) => {
      const key = await lab.keys.rotate({
        compromised: request.body.compromised === true,
        alg: request.body.alg,
        // The old key must outlive the longest token it may have signed.
        retireAfterMs: (lab.access.ttlSeconds() + LEEWAY_S) * 1000,
      });
      return publicInfo(key);
    },
  );
}

/** The JWT lab's lab-only views: its keys, the refresh families graph, the cracking word list. No authentication. */
export async function jwtLabToolRoutes(root: FastifyInstance, lab: JwtServices): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/lab/jwt/keys',
    {
      schema: {
        tags: ['jwt'],
        summary: 'Lab view: every signing key that still verifies (no key material)',
        response: { 200: Type.Array(JwtKeyInfo) },
      },
    },
    async () => {
      await lab.keys.ensureKeys();
      return lab.keys.list().map(publicInfo);
    },
  );

  app.get(
    '/api/lab/jwt/families',
    {
      schema: {
        tags: ['jwt'],
        summary: 'Lab view: recent refresh-token families and their rotation chains',
        response: { 200: FamiliesResponse },
      },
    },
    async () => lab.families.recent(),
  );

  app.get(
    '/api/lab/jwt/wordlist',
    {
      schema: {
        tags: ['jwt'],
        summary: "Lab view: the attacker's dictionary of weak HMAC secrets",
        response: {
          200: WordlistResponse,
        },
      },
    },
    async () => ({ words: [...lab.secretWords] }),
  );
}

/** A key as the lab views show it: public facts, no key material. */
function publicInfo(key: SigningKey): Static<typeof JwtKeyInfo> {
  return {
    kid: key.kid,
    purpose: key.purpose,
    alg: key.alg,
    weak: key.weak,
    createdAt: isoTime(key.createdAt),
    retireAt: isoTimeOrNull(key.retireAt),
  };
}
