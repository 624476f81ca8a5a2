import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { LoginThrottle } from '../../auth/login-throttle';
import { assertAcceptablePassword, hashForStorage } from '../../auth/password-storage';
import type { createCallerResolver } from '../../auth/request-user';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { randomToken } from '../../crypto/random';
import { errorResponses } from '../../../common/schemas/common';
import {
  ChangeBody,
  ChangeResponse,
  ForgotAccepted,
  ForgotBody,
  ResetBody,
  ResetResponse,
} from '../../../common/schemas/password';
import type { PasswordResetRepository } from './repositories';

/** A reset link lives 30 minutes on the lab clock (SECURITY.md, "Login, passwords and reset"). */
export const RESET_TTL_MS = 30 * 60_000;
/** Reset mails per account per window: enough for a lost mail, too few to flood an inbox. */
export const FORGOT_LIMIT = { perAccount: 3, windowMs: 15 * 60_000 } as const;

const ACCEPTED: ForgotAccepted = {
  status: 'accepted',
  message: 'If an account exists for this email, a reset link is on its way. Check the lab inbox.',
};

const invalidToken = () =>
  new LabError(400, 'invalid_or_expired_token', 'This reset link is not valid any more. Ask for a new one.');

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export interface PasswordLabServices {
  repository: PasswordResetRepository;
  callers: ReturnType<typeof createCallerResolver>;
  /** Ends every cookie session of the user (JWTs end with the token_version the password write bumps). */
  endAllSessions: (userId: number) => number;
  /** Ends the user's Lab ID sessions, grants, refresh and access tokens. */
  signOutOfLabId: (userId: number) => void;
}

/** Where the mailed link points. */
function linkOrigin(ctx: LabContext, request: FastifyRequest): string {
  // The origin comes from configuration, never from the request: a forged Host or
  // X-Forwarded-Host would otherwise send the victim's token to the attacker's site
  // (reset poisoning; OWASP Forgot Password Cheat Sheet, "URL tokens"; ASVS 5.0 V6.4.3).
  if (ctx.toggles.isOn('reset.configuredLinkOrigin')) return ctx.origins.app;
  const forwarded = request.headers['x-forwarded-host'];
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? request.headers.host ?? '';
  return `http://${host}`;
}

/** The password lab's routes, one encapsulated plugin. */
export const passwordRoutes =
  (ctx: LabContext, lab: PasswordLabServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Answers here concern credentials: no cache may keep them (ASVS 5.0 V14.3.2).
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    await app.register(passwordResetRoutes(ctx, lab));
    await app.register(passwordChangeRoutes(ctx, lab));
  };

/** The public routes: asking for a link and using it. */
const passwordResetRoutes =
  (ctx: LabContext, lab: PasswordLabServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { repository } = lab;

    app.post(
      '/api/password/forgot',
      {
        schema: {
          tags: ['password'],
          summary: 'Ask for a reset link: always 202 with the same body; a known account gets a link in the inbox',
          body: ForgotBody,
          response: { 202: ForgotAccepted, ...errorResponses(400, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        const email = request.body.email.trim().toLowerCase();
        // Counted per email whether or not it exists, so the throttle itself tells nothing (ASVS 5.0 V6.3.1).
        const key = `forgot:${email}`;
        ctx.loginState.bumpFailures(key, ctx.clock.nowMs(), FORGOT_LIMIT.windowMs);
        const sent = ctx.loginState.failures(key, ctx.clock.nowMs(), FORGOT_LIMIT.windowMs)?.count ?? 0;
        const user = ctx.users.findByEmail(email);
        // 256 random bits, made and hashed on both paths so an unknown email costs the same work
        // (OWASP Forgot Password Cheat Sheet, "consistent response"; ASVS 5.0 V6.3.8).
        const token = randomToken(32);
        const hashed = sha256(token);
        if (user && sent <= FORGOT_LIMIT.perAccount) {
          // Stored only as a hash: a leaked database holds no usable link (OWASP Forgot Password Cheat Sheet, "store tokens securely").
          repository.insert(ctx.toggles.isOn('reset.hashedToken') ? hashed : token, user.id, RESET_TTL_MS);
          const link = `${linkOrigin(ctx, request)}/#/password-lab/reset?token=${token}`;
          ctx.mailer.send({
            to: user.email,
            subject: 'Reset your Auth Lab password',
            text: `Someone asked to reset the password of ${user.email}. If it was you, open ${link} within 30 minutes. The link works once. If it was not you, ignore this mail: nothing has changed.`,
          });
        }
        return reply.status(202).send(ACCEPTED);
      },
    );

    app.post(
      '/api/password/reset',
      {
        schema: {
          tags: ['password'],
          summary: 'Set a new password with a reset link: ends every session and token of the user',
          body: ResetBody,
          response: { 200: ResetResponse, ...errorResponses(400, 413, 415) },
        },
      },
      async (request) => {
        const { token, password } = request.body;
        const key = ctx.toggles.isOn('reset.hashedToken') ? sha256(token) : token;
        const singleUse = ctx.toggles.isOn('reset.singleUse');
        const row = repository.find(key);
        const user = row && ctx.users.findById(row.userId);
        if (!row || !user || row.expiresAt <= ctx.clock.nowMs() || (singleUse && row.usedAt !== null)) {
          throw invalidToken();
        }
        assertAcceptablePassword(ctx, password, user.email);
        const passwordHash = await hashForStorage(ctx, password);
        // Single use: the link is spent in the same step that changes the password, so a link
        // read later from history, logs or a shared mailbox does nothing (ASVS 5.0 V6.4.1).
        const done = ctx.db.transaction(() => {
          if (singleUse) {
            if (!repository.spend(key)) return false;
            repository.dropOthers(user.id, key);
          }
          repository.setPassword(user.id, passwordHash);
          return true;
        })();
        if (!done) throw invalidToken();
        // Whoever held the old password may hold a session: end them all, Lab ID's sign-ins and
        // tokens included (ASVS 5.0 V7.4.3; RFC 9700 §4.14.2). MFA stays as it was.
        lab.endAllSessions(user.id);
        // A sign-in that got past the old password and waits for its code ends too.
        ctx.loginState.deleteTicketsOf(user.id);
        lab.signOutOfLabId(user.id);
        ctx.loginState.deleteAccountFailures(user.email);
        ctx.mailer.send({
          to: user.email,
          subject: 'Your Auth Lab password was changed',
          text: `The password of ${user.email} was reset with a link from this inbox, and every session was signed out. If this was not you, reset it again at ${ctx.origins.app}/#/password-lab/reset.`,
        });
        return { status: 'reset' as const, message: 'Your password is changed. Sign in with the new one.' };
      },
    );
  };

/** Changing the password of a signed-in account (session cookie + CSRF token, or bearer). */
const passwordChangeRoutes =
  (ctx: LabContext, lab: PasswordLabServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/password/change',
      {
        schema: {
          tags: ['password'],
          summary: 'Change your password: needs the current one; ends your other sessions',
          body: ChangeBody,
          response: { 200: ChangeResponse, ...errorResponses(400, 401, 403, 413, 415, 429) },
        },
      },
      async (request) => {
        const caller = await lab.callers.resolveCaller(request);
        const { user } = caller;
        const { currentPassword, newPassword } = request.body;
        // A stolen session alone must not be enough to lock the owner out (ASVS 5.0 V6.2.3).
        const throttle = new LoginThrottle(ctx);
        if (
          !(await throttle.attempt(user.email, request.ip, () => ctx.hasher.verify(currentPassword, user.passwordHash)))
        ) {
          throw new LabError(401, 'invalid_credentials', 'The current password is wrong.');
        }
        assertAcceptablePassword(ctx, newPassword, user.email);
        lab.repository.setPassword(user.id, await hashForStorage(ctx, newPassword));
        const otherSessionsEnded = lab.callers.endOtherSessions(caller);
        // Lab ID's sign-ins and tokens were made with the old password: none outlives it (RFC 9700 §4.14.2).
        lab.signOutOfLabId(user.id);
        ctx.mailer.send({
          to: user.email,
          subject: 'Your Auth Lab password was changed',
          text: `The password of ${user.email} was changed from a signed-in session; your other sessions were signed out. If this was not you, reset it at ${ctx.origins.app}/#/password-lab/reset.`,
        });
        return { status: 'changed' as const, otherSessionsEnded };
      },
    );
  };
