import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { errorResponses, isoTime, isoTimeOrNull } from '../../../common/schemas/common';
import { LEEWAY_S } from './access-tokens';
import type { JwtServices } from './services';
import type { SigningKey } from './keys';
import { JwksResponse, JwtKeyInfo, RotateBody } from './schemas';

/** The public keys that verify access tokens (RFC 7517): public, cacheable. */
export const jwksRoute =
  (lab: JwtServices): FastifyPluginAsyncTypebox =>
  async (app) => {
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
  };

/** Key rotation (API.md): a token route, so it answers no-store with the others. */
export const jwtKeyRoutes =
  (lab: JwtServices): FastifyPluginAsyncTypebox =>
  async (app) => {
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
  };

/** A key as the lab views show it: public facts, no key material. */
export function publicInfo(key: SigningKey): Static<typeof JwtKeyInfo> {
  return {
    kid: key.kid,
    purpose: key.purpose,
    alg: key.alg,
    weak: key.weak,
    createdAt: isoTime(key.createdAt),
    retireAt: isoTimeOrNull(key.retireAt),
  };
}
