import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { LabMeta } from '../../../../common/api';
import { TOGGLE_NAMES } from '../../../../common/toggles';
import type { LabContext } from '../../../core/context';
import { LabError } from '../../../core/errors';
import { errorResponses } from '../../../../common/schemas/common';
import { DemoAccount, LabClockState } from '../../../../common/schemas/lab';
import { registerTrafficStream } from './traffic-stream';

const MAX_ADVANCE_MS = 400 * 24 * 3600 * 1000;
const toggleStateSchema = {
  type: 'object',
  properties: Object.fromEntries(TOGGLE_NAMES.map((n) => [n, { type: 'boolean' }])),
  additionalProperties: false,
} as const;
const clockSchema = LabClockState;

/** Lab control (API.md): never weakened by a toggle. */
export async function labRoutes(app: FastifyInstance, ctx: LabContext, version: string): Promise<void> {
  app.get(
    '/api/health',
    { schema: { tags: ['lab'], response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } },
    async () => ({ ok: true }),
  );

  app.get(
    '/api/meta',
    { schema: { tags: ['lab'], summary: 'Version, origins, toggles and clock' } },
    async (): Promise<LabMeta> => ({
      version,
      origins: ctx.origins,
      toggles: ctx.toggles.all(),
      clock: ctx.clock.snapshot(),
    }),
  );

  app.get(
    '/api/lab/accounts',
    {
      schema: {
        tags: ['lab'],
        summary: 'The demo accounts, with their per-lab random passwords',
        response: {
          200: Type.Array(DemoAccount),
        },
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
    { schema: { tags: ['lab'], summary: 'Wipe lab state; keep accounts and drill progress' } },
    async () => {
      ctx.db.transaction(() => {
        for (const wipe of ctx.resetHandlers) wipe();
      })();
      ctx.clock.reset();
      return { ok: true };
    },
  );

  app.get('/api/lab/toggles', { schema: { tags: ['lab'], response: { 200: toggleStateSchema } } }, async () =>
    ctx.toggles.all(),
  );

  app.put<{ Body: Record<string, unknown> }>(
    '/api/lab/toggles',
    {
      schema: {
        tags: ['lab'],
        summary: 'Change some toggles: true = defence on',
        // Unknown names are checked by the registry so they get the `unknown_toggle` code.
        body: { type: 'object', additionalProperties: true },
        response: { 200: toggleStateSchema, ...errorResponses(400) },
      },
    },
    async (request) => ctx.toggles.update(request.body),
  );

  app.get('/api/lab/clock', { schema: { tags: ['lab'], response: { 200: clockSchema } } }, async () =>
    ctx.clock.snapshot(),
  );

  app.post<{ Body: { advanceMs?: number; reset?: boolean } }>(
    '/api/lab/clock',
    {
      schema: {
        tags: ['lab'],
        summary: 'Move the lab clock forward ({ advanceMs }) or back to real time ({ reset: true })',
        body: {
          type: 'object',
          properties: {
            advanceMs: { type: 'integer', minimum: 0, maximum: MAX_ADVANCE_MS },
            reset: { type: 'boolean', const: true },
          },
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
        },
        response: { 200: clockSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      if (request.body.reset) ctx.clock.reset();
      else if (request.body.advanceMs !== undefined) ctx.clock.advance(request.body.advanceMs);
      else throw new LabError(400, 'invalid_request', 'Send { advanceMs } or { reset: true }.');
      return ctx.clock.snapshot();
    },
  );

  app.get('/api/lab/inbox', { schema: { tags: ['lab'], summary: 'Mail the lab has "sent"' } }, async () =>
    ctx.mailer.list(),
  );

  app.get<{ Querystring: { afterId?: string; limit?: string } }>(
    '/api/lab/traffic',
    {
      schema: {
        tags: ['lab'],
        summary: 'Recorded exchanges, oldest first',
        querystring: {
          type: 'object',
          properties: {
            afterId: { type: 'string', pattern: '^\\d{1,15}$' },
            limit: { type: 'string', pattern: '^\\d{1,4}$' },
          },
          additionalProperties: false,
        },
        response: errorResponses(400),
      },
    },
    async (request) => {
      const limit = request.query.limit === undefined ? undefined : Number(request.query.limit);
      if (limit !== undefined && (limit < 1 || limit > 2000))
        throw new LabError(400, 'invalid_request', 'limit must be from 1 to 2000.');
      return ctx.recorder.list({ afterId: Number(request.query.afterId ?? 0), limit });
    },
  );

  registerTrafficStream(app, ctx);
  registerSameSiteProbe(app);
}

const PROBE_COOKIE = 'authlab_probe';

/**
 * A tiny proof for the cross-site setup: the app sets a SameSite=Strict cookie,
 * then reports whether a request carried it. From the attacker origin the
 * browser must not send it (RFC 6265bis §5.6.7 "SameSite" enforcement).
 */
function registerSameSiteProbe(app: FastifyInstance): void {
  app.post(
    '/api/lab/probe/samesite',
    { schema: { tags: ['lab'], summary: 'Set a SameSite=Strict probe cookie' } },
    async (_request, reply) => {
      reply.header('set-cookie', `${PROBE_COOKIE}=present; Path=/; HttpOnly; SameSite=Strict`);
      return { set: true };
    },
  );
  app.get(
    '/api/lab/probe/samesite',
    { schema: { tags: ['lab'], summary: 'Did this request carry the probe cookie?' } },
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
}
