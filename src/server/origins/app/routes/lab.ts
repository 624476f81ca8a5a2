import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { TOGGLE_NAMES } from '../../../../common/toggles';
import type { LabContext } from '../../../core/context';
import { LabError } from '../../../core/errors';
import { errorResponses } from '../../../../common/schemas/common';
import { DemoAccount, InboxMail, LabClockState, LabOrigins, TrafficEntry } from '../../../../common/schemas/lab';
import { trafficStreamRoute } from './traffic-stream';

const MAX_ADVANCE_MS = 400 * 24 * 3600 * 1000;
/** Every toggle by name: true = defence on. */
const ToggleState = Type.Object(Object.fromEntries(TOGGLE_NAMES.map((name) => [name, Type.Boolean()])), {
  additionalProperties: false,
});
const Ok = Type.Object({ ok: Type.Boolean() });
const LabMeta = Type.Object({
  version: Type.String(),
  origins: LabOrigins,
  toggles: ToggleState,
  clock: LabClockState,
});
const ClockChange = Type.Object(
  {
    advanceMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ADVANCE_MS })),
    reset: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
const TrafficQuery = Type.Object(
  {
    afterId: Type.Optional(Type.String({ pattern: '^\\d{1,15}$' })),
    limit: Type.Optional(Type.String({ pattern: '^\\d{1,4}$' })),
  },
  { additionalProperties: false },
);

/** Lab control (API.md): never weakened by a toggle. */
export const labRoutes =
  (ctx: LabContext, version: string): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/api/health', { schema: { tags: ['lab'], response: { 200: Ok } } }, async () => ({ ok: true }));

    app.get(
      '/api/meta',
      { schema: { tags: ['lab'], summary: 'Version, origins, toggles and clock', response: { 200: LabMeta } } },
      async () => ({ version, origins: ctx.origins, toggles: ctx.toggles.all(), clock: ctx.clock.snapshot() }),
    );

    app.get(
      '/api/lab/accounts',
      {
        schema: {
          tags: ['lab'],
          summary: 'The demo accounts, with their per-lab random passwords',
          response: { 200: Type.Array(DemoAccount) },
        },
      },
      async () =>
        ctx.users.demoAccounts().map((u) => ({
          email: u.email,
          password: u.password,
          role: u.role,
          mfa: u.mfaEnabled,
          ...(u.mfaEnabled && u.totpSecret ? { totpSecret: u.totpSecret } : {}),
        })),
    );

    app.post(
      '/api/lab/reset',
      { schema: { tags: ['lab'], summary: 'Wipe lab state; keep accounts and drill progress', response: { 200: Ok } } },
      async () => {
        ctx.db.transaction(() => {
          for (const wipe of ctx.resetHandlers) wipe();
        })();
        ctx.clock.reset();
        return { ok: true };
      },
    );

    app.get('/api/lab/toggles', { schema: { tags: ['lab'], response: { 200: ToggleState } } }, async () =>
      ctx.toggles.all(),
    );

    app.put(
      '/api/lab/toggles',
      {
        schema: {
          tags: ['lab'],
          summary: 'Change some toggles: true = defence on',
          // Unknown names are checked by the registry so they get the `unknown_toggle` code.
          body: Type.Record(Type.String(), Type.Unknown()),
          response: { 200: ToggleState, ...errorResponses(400) },
        },
      },
      async (request) => ctx.toggles.update(request.body),
    );

    app.get('/api/lab/clock', { schema: { tags: ['lab'], response: { 200: LabClockState } } }, async () =>
      ctx.clock.snapshot(),
    );

    app.post(
      '/api/lab/clock',
      {
        schema: {
          tags: ['lab'],
          summary: 'Move the lab clock forward ({ advanceMs }) or back to real time ({ reset: true })',
          body: ClockChange,
          response: { 200: LabClockState, ...errorResponses(400) },
        },
      },
      async (request) => {
        if (request.body.reset) ctx.clock.reset();
        else if (request.body.advanceMs !== undefined) ctx.clock.advance(request.body.advanceMs);
        else throw new LabError(400, 'invalid_request', 'Send { advanceMs } or { reset: true }.');
        return ctx.clock.snapshot();
      },
    );

    await app.register(labRecordRoutes(ctx));
    await app.register(sameSiteProbeRoutes);
  };

/** What the lab recorded: the mail it "sent" and the exchanges on every origin, listed and live. */
const labRecordRoutes =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/lab/inbox',
      { schema: { tags: ['lab'], summary: 'Mail the lab has "sent"', response: { 200: Type.Array(InboxMail) } } },
      async () => ctx.mailer.list(),
    );

    app.get(
      '/api/lab/traffic',
      {
        schema: {
          tags: ['lab'],
          summary: 'Recorded exchanges, oldest first',
          querystring: TrafficQuery,
          response: { 200: Type.Array(TrafficEntry), ...errorResponses(400) },
        },
      },
      async (request) => {
        const limit = request.query.limit === undefined ? undefined : Number(request.query.limit);
        if (limit !== undefined && (limit < 1 || limit > 2000))
          throw new LabError(400, 'invalid_request', 'limit must be from 1 to 2000.');
        return ctx.recorder.list({ afterId: Number(request.query.afterId ?? 0), limit });
      },
    );

    await app.register(trafficStreamRoute(ctx));
  };

const PROBE_COOKIE = 'authlab_probe';
const ProbeAnswer = Type.Object({ cookieSent: Type.Boolean(), referer: Type.Union([Type.String(), Type.Null()]) });

/**
 * A tiny proof for the cross-site setup: the app sets a SameSite=Strict cookie,
 * then reports whether a request carried it. From the attacker origin the
 * browser must not send it (RFC 6265bis §5.6.7 "SameSite" enforcement).
 */
const sameSiteProbeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/lab/probe/samesite',
    {
      schema: {
        tags: ['lab'],
        summary: 'Set a SameSite=Strict probe cookie',
        response: { 200: Type.Object({ set: Type.Boolean() }) },
      },
    },
    async (_request, reply) => {
      reply.header('set-cookie', `${PROBE_COOKIE}=present; Path=/; HttpOnly; SameSite=Strict`);
      return { set: true };
    },
  );
  app.get(
    '/api/lab/probe/samesite',
    {
      schema: {
        tags: ['lab'],
        summary: 'Did this request carry the probe cookie? (an HTML page for a browser navigation)',
        response: { 200: Type.Union([ProbeAnswer, Type.String()]) },
      },
    },
    async (request, reply) => {
      const present = (request.headers.cookie ?? '').split(/;\s*/).includes(`${PROBE_COOKIE}=present`);
      const referer = request.headers.referer ?? null;
      if ((request.headers.accept ?? '').includes('text/html')) {
        reply.type('text/html; charset=utf-8');
        return `<!doctype html><title>SameSite probe</title><p id="result">${present ? 'cookie sent' : 'cookie not sent'}</p>`;
      }
      return { cookieSent: present, referer };
    },
  );
};
