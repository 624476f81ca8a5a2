import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { isoTime } from '../../../common/schemas/common';
import { StoredResets } from '../../../common/schemas/password';
import type { PasswordResetRepository } from './repositories';

/**
 * Lab-only helper (no login, lab control): the reset links as the database
 * stores them, so the page can show what a leaked backup gives an attacker.
 */
export const passwordLabToolRoutes: FastifyPluginAsync<{ repository: PasswordResetRepository }> = async (
  root,
  { repository },
) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/lab/password/resets',
    {
      schema: {
        tags: ['lab'],
        summary:
          'The newest reset links exactly as the database stores them (the "leaked backup" of the reset attacks)',
        response: { 200: StoredResets },
      },
    },
    async () =>
      repository.stored().map((r) => ({
        tokenKey: r.tokenKey,
        email: r.email,
        expiresAt: isoTime(r.expiresAt),
        used: r.usedAt !== null,
      })),
  );
};
