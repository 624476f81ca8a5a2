import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { publicInfo } from './key-routes';
import { FamiliesResponse, JwtKeyInfo, WordlistResponse } from './schemas';
import type { JwtServices } from './services';

/** The JWT lab's lab-only views: its keys, the refresh families graph, the cracking word list. No authentication. */
export const jwtLabRoutes =
  (lab: JwtServices): FastifyPluginAsyncTypebox =>
  async (app) => {
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
  };
