import type { FastifyInstance } from 'fastify';
import type { JwtLab } from '../../../tokens';
import { LEEWAY_S } from '../../../tokens/access-tokens';
import type { AccessAlgorithm } from '../../../tokens/keys';
import { errorResponses } from '../../../core/http-schemas';
import { familiesResponse, jwksResponse, keyInfo, rotateBody } from './jwt-schemas';

/** The JWT lab's keys (JWKS, rotation) and its lab-only views (families graph, cracking word list). */
export async function jwtKeyRoutes(app: FastifyInstance, lab: JwtLab): Promise<void> {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['jwt'],
        summary: 'Public keys that verify access tokens (RFC 7517)',
        response: { 200: jwksResponse },
      },
    },
    async () => lab.keys.jwks(),
  );

  app.post<{ Body: { compromised?: boolean; alg?: AccessAlgorithm } }>(
    '/api/jwt/keys/rotate',
    {
      schema: {
        tags: ['jwt'],
        summary: 'New access signing key with a new kid; the old one verifies until its tokens expire',
        description: "compromised: true drops the old key at once. alg picks the new key's algorithm (lab only).",
        body: rotateBody,
        response: { 200: keyInfo, ...errorResponses(400, 415) },
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

  app.get(
    '/api/jwt/keys',
    {
      schema: {
        tags: ['jwt'],
        summary: 'Lab view: every signing key that still verifies (no key material)',
        response: { 200: { type: 'array', items: keyInfo } },
      },
    },
    async () => {
      await lab.keys.ensureKeys();
      return lab.keys.list().map(publicInfo);
    },
  );

  app.get(
    '/api/jwt/families',
    {
      schema: {
        tags: ['jwt'],
        summary: 'Lab view: recent refresh-token families and their rotation chains',
        response: { 200: familiesResponse },
      },
    },
    async () => lab.families(),
  );

  app.get(
    '/api/jwt/attack/wordlist',
    {
      schema: {
        tags: ['jwt'],
        summary: "Lab view: the attacker's dictionary of weak HMAC secrets",
        response: {
          200: {
            type: 'object',
            required: ['words'],
            properties: { words: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
    async () => ({ words: lab.secretWords }),
  );
}

function publicInfo(key: {
  kid: string;
  purpose: string;
  alg: string;
  weak: boolean;
  createdAt: number;
  retireAt: number | null;
}) {
  return {
    kid: key.kid,
    purpose: key.purpose,
    alg: key.alg,
    weak: key.weak,
    createdAt: key.createdAt,
    retireAt: key.retireAt,
  };
}
