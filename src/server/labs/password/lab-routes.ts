import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginThrottle, accountFromIpKey } from '../../auth/login-throttle';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { BCRYPT_MAX_BYTES, bcryptLimitView, checkPassword, normalizePassword } from '../../crypto/password-policy';
import { schemeOf, weakPasswordHash } from '../../crypto/weak-password-hash';
import { errorResponses, isoTime } from '../../../common/schemas/common';
import { GiveBackFailuresBody, GiveBackFailuresResponse } from '../../../common/schemas/password-enumeration';
import {
  CostBody,
  CostResponse,
  DemoHashBody,
  DemoHashResponse,
  StoredPassword,
  StoredQuery,
  StrengthBody,
  StoredResets,
  StrengthResponse,
} from '../../../common/schemas/password';
import type { PasswordResetRepository } from './repositories';

/** How many demo-hash jobs may run at once, and cost measurements wait behind the running one. */
export const DEMO_WORK_LIMITS = {
  demoHashInFlight: 1,
  costWaiting: 2,
  demoHashRetrySeconds: 2,
  costRetrySeconds: 5,
} as const;

const busy = (what: string, seconds: number) =>
  new LabError(429, 'busy', `${what} Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });

const bcryptCostOf = (stored: string) => {
  const match = /^\$2[aby]\$(\d{2})\$/.exec(stored);
  return match ? Number(match[1]) : null;
};

/**
 * The password lab's lab-only helpers (no login, lab control), under
 * /api/lab/password/: the reset links as the database stores them (what a
 * leaked backup gives an attacker), the failures a timing run gives back,
 * and the hashing steps' tools.
 */
export const passwordLabRoutes =
  (ctx: LabContext, repository: PasswordResetRepository): FastifyPluginAsyncTypebox =>
  async (app) => {
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

    // The enumeration step: a timing run sends dozens of failed logins from the learner's own
    // browser, which the failed-login limit counts like an attacker's (5 per account, 50 per IP
    // in 15 minutes). Once a batch is measured, the page gives those failures back, so the run can
    // go on and the learner is not locked out afterwards: the failures counted against the emails
    // it tried from this address are forgotten, and as many are taken off the account-wide and IP
    // counters. Nothing else changes.
    app.post(
      '/api/lab/password/give-back-failures',
      {
        schema: {
          tags: ['lab'],
          summary:
            'Forget the failed logins counted against these emails, and as many from the caller’s IP (the enumeration timing run)',
          body: GiveBackFailuresBody,
          response: { 200: GiveBackFailuresResponse, ...errorResponses(400, 413, 415) },
        },
      },
      async (request) => {
        const throttle = new LoginThrottle(ctx);
        const emails = new Set(request.body.emails.map((email) => email.trim().toLowerCase()));
        return ctx.db.transaction(() => {
          let failuresGivenBack = 0;
          for (const email of emails) {
            const fromHere = throttle.failures(accountFromIpKey(email, request.ip));
            failuresGivenBack += fromHere;
            ctx.loginState.deleteFailures(accountFromIpKey(email, request.ip));
            if (fromHere > 0) ctx.loginState.giveBackFailures(`account:${email}`, fromHere);
          }
          if (failuresGivenBack > 0) ctx.loginState.giveBackFailures(`ip:${request.ip}`, failuresGivenBack);
          return { failuresGivenBack };
        })();
      },
    );

    await app.register(passwordHashingLabRoutes(ctx));
  };

/**
 * Lab-only helpers of the hashing steps (no login, lab control): the strength
 * check with its 72-byte view, bcrypt's time per cost on this machine, what
 * the users table really holds, and one password under both storage schemes.
 * Every hash runs in the lab's worker pool, never on the event loop.
 */
const passwordHashingLabRoutes =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Cost measurements take turns, so the chart never holds more than one worker: logins keep the others.
    let measuring: Promise<unknown> = Promise.resolve();
    // Both routes skip the general limit (lab control) and each call is real bcrypt work, so a burst is
    // refused rather than queued without end: it would starve real logins of the workers (ASVS 5.0 V2.4.1).
    let costJobs = 0;
    let demoHashJobs = 0;

    app.post(
      '/api/lab/password/strength',
      {
        schema: {
          tags: ['lab'],
          summary: 'The password policy’s verdict with reasons, and what bcrypt alone would keep of its bytes',
          body: StrengthBody,
          response: { 200: StrengthResponse, ...errorResponses(400, 413, 415) },
        },
      },
      async (request) => {
        const { password, email } = request.body;
        const reasons = checkPassword(password, {
          denyList: ctx.denyList,
          useDenyList: ctx.toggles.isOn('accounts.passwordDenyList'),
          email: email?.trim().toLowerCase(),
        });
        return {
          acceptable: reasons.length === 0,
          length: [...normalizePassword(password)].length,
          reasons,
          bytes: { ...bcryptLimitView(password), limit: BCRYPT_MAX_BYTES, preHashKeepsAll: true },
        };
      },
    );

    app.post(
      '/api/lab/password/cost',
      {
        schema: {
          tags: ['lab'],
          summary: 'Milliseconds of one bcrypt hash at a cost from 4 to 14, measured now on this machine',
          body: CostBody,
          response: { 200: CostResponse, ...errorResponses(400, 413, 415, 429) },
        },
      },
      async (request) => {
        const { cost } = request.body;
        if (costJobs > DEMO_WORK_LIMITS.costWaiting) {
          throw busy('Other cost measurements are already waiting.', DEMO_WORK_LIMITS.costRetrySeconds);
        }
        costJobs += 1;
        const run = measuring.then(() => ctx.hasher.measureCost(cost));
        measuring = run.catch(() => undefined);
        try {
          return { cost, ms: Math.round((await run) * 10) / 10, configuredCost: ctx.hasher.cost };
        } finally {
          costJobs -= 1;
        }
      },
    );

    app.get(
      '/api/lab/password/stored',
      {
        schema: {
          tags: ['lab'],
          summary: 'What the users table holds for an account’s password: the stored string and its scheme',
          querystring: StoredQuery,
          response: { 200: StoredPassword, ...errorResponses(400, 404) },
        },
      },
      async (request) => {
        const user = ctx.users.findByEmail(request.query.email.trim().toLowerCase());
        if (!user) throw new LabError(404, 'not_found', 'No account has this email.');
        const stored = user.passwordHash;
        return { email: user.email, stored, scheme: schemeOf(stored), cost: bcryptCostOf(stored) };
      },
    );

    app.post(
      '/api/lab/password/demo-hash',
      {
        schema: {
          tags: ['lab'],
          summary: 'One password under bcrypt with the peppered pre-hash (twice) and under the weak SHA-256',
          body: DemoHashBody,
          response: { 200: DemoHashResponse, ...errorResponses(400, 413, 415, 429) },
        },
      },
      async (request) => {
        const { password } = request.body;
        if (demoHashJobs >= DEMO_WORK_LIMITS.demoHashInFlight) {
          throw busy('Another demo hash is still running.', DEMO_WORK_LIMITS.demoHashRetrySeconds);
        }
        demoHashJobs += 1;
        try {
          const start = performance.now();
          const bcrypt = await Promise.all([ctx.hasher.hash(password), ctx.hasher.hash(password)]);
          return {
            cost: ctx.hasher.cost,
            bcrypt,
            bcryptMs: Math.round(performance.now() - start),
            sha256: weakPasswordHash(password),
          };
        } finally {
          demoHashJobs -= 1;
        }
      },
    );
  };
