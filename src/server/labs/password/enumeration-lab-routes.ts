import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { LoginThrottle } from '../../auth/login-throttle';
import type { LabContext } from '../../core/context';
import { GiveBackFailuresBody, GiveBackFailuresResponse } from '../../../common/schemas/password-enumeration';

/**
 * Lab-only helper (no login, lab control) for the enumeration step. A timing
 * run sends dozens of failed logins from the learner's own browser, which the
 * failed-login limit counts like an attacker's (5 per account, 50 per IP in
 * 15 minutes). Once a batch is measured, the page gives those failures back,
 * so the run can go on and the learner is not locked out afterwards: the
 * failures counted against the emails it tried are forgotten, and as many are
 * taken off the caller's IP. Nothing else changes: not the clock, not the
 * toggles, not anyone's sessions.
 */
export function enumerationLabToolRoutes(ctx: LabContext): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/lab/password/give-back-failures',
      {
        schema: {
          tags: ['lab'],
          summary:
            'Forget the failed logins counted against these emails, and as many from the caller’s IP (the enumeration timing run)',
          body: GiveBackFailuresBody,
          response: { 200: GiveBackFailuresResponse },
        },
      },
      async (request) => {
        const throttle = new LoginThrottle(ctx);
        const emails = new Set(request.body.emails.map((email) => email.trim().toLowerCase()));
        return ctx.db.transaction(() => {
          let failuresGivenBack = 0;
          for (const email of emails) {
            failuresGivenBack += throttle.failures(`account:${email}`);
            ctx.loginState.deleteFailures(`account:${email}`);
          }
          if (failuresGivenBack > 0) ctx.loginState.giveBackFailures(`ip:${request.ip}`, failuresGivenBack);
          return { failuresGivenBack };
        })();
      },
    );
  };
}
