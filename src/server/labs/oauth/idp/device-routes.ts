import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGIN_LIMITS } from '../../../auth/login-throttle';
import { single } from '../checks/check';
import { devicePage, signInPage } from '../pages';
import { sha256 } from '../repositories';
import type { OAuthServices } from '../services';
import { DEVICE_GUESS_LIMITS } from '../settings';
import { IDP_SESSION_COOKIE, sendPage, type FrontChannel } from './front-channel';
import { params } from '../schemas';

const normaliseUserCode = (raw: string) => {
  const letters = raw.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : raw.slice(0, 20);
};

/** The device flow's verification page (RFC 8628 §3.3), where a signed-in user enters the code. */
export const deviceRoutes =
  (lab: OAuthServices, channel: FrontChannel): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;
    const nowMs = channel.nowMs;

    function showDevice(
      request: FastifyRequest,
      reply: FastifyReply,
      userCode: string,
      { status, ...notes }: { message?: string; error?: string; status?: number } = {},
    ) {
      const session = channel.currentSession(request);
      const browser = channel.browserOf(request, reply);
      if (!session) {
        const { id, csrf } = channel.newInteraction({ kind: 'device', browser, clientId: '', scope: '', userCode });
        return sendPage(reply, 200, signInPage({ interaction: id, csrf, clientName: 'your device' }));
      }
      const { id, csrf } = channel.newInteraction({ kind: 'device', browser, clientId: '', scope: '' });
      const pending = userCode ? pendingCode(userCode) : undefined;
      return sendPage(
        reply,
        status ?? (notes.error ? 400 : 200),
        devicePage({
          interaction: id,
          csrf,
          email: session.user.email,
          userCode: notes.message ? '' : userCode,
          clientName: pending ? channel.clientName(pending.clientId) : undefined,
          scopes: pending?.scope.split(' '),
          ...notes,
        }),
      );
    }

    /** How long this session and IP must wait after too many wrong codes; 0 when under budget. */
    function guessWaitMs(request: FastifyRequest) {
      // RFC 8628 §5.1: the user code is short, so wrong guesses are counted per Lab ID session and per
      // IP on the lab clock. Over budget, even a right code waits: otherwise guessing would just go on.
      const guessKeys: Array<[string, number]> = [
        [`device-session:${sha256(request.cookies[IDP_SESSION_COOKIE] ?? '')}`, DEVICE_GUESS_LIMITS.perSession],
        [`device-ip:${request.ip}`, DEVICE_GUESS_LIMITS.perIp],
      ];
      const waitMs = Math.max(
        ...guessKeys.map(([key, limit]) => {
          const seen = ctx.loginState.failures(key, nowMs(), LOGIN_LIMITS.windowMs);
          if (!seen || seen.count < limit) return 0;
          return Math.max(0, seen.window_start + LOGIN_LIMITS.windowMs - nowMs());
        }),
      );
      const countFailure = () => {
        for (const [key] of guessKeys) ctx.loginState.bumpFailures(key, nowMs(), LOGIN_LIMITS.windowMs);
      };
      return { waitMs, countFailure };
    }

    const pendingCode = (userCode: string) => {
      const row = lab.devices.findByUserCode(userCode);
      return row && row.status === 'pending' && row.expiresAt > nowMs() ? row : undefined;
    };

    function tooManyGuesses(request: FastifyRequest, reply: FastifyReply, waitMs: number) {
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      return showDevice(request, reply, '', {
        error: `Too many wrong codes. Try again in ${Math.ceil(waitMs / 60_000)} minutes.`,
        status: 429,
      });
    }

    app.get('/device', { schema: { querystring: params('user_code') } }, async (request, reply) => {
      const userCode = normaliseUserCode(single(request.query.user_code) ?? '');
      // RFC 8628 §5.1: looking a code up by URL is a guess too (the page names a pending code's client
      // and scopes), so it spends the same budget as the form, and past it shows nothing.
      if (userCode && channel.currentSession(request)) {
        const { waitMs, countFailure } = guessWaitMs(request);
        if (waitMs > 0) return tooManyGuesses(request, reply, waitMs);
        if (!pendingCode(userCode)) countFailure();
      }
      return showDevice(request, reply, userCode);
    });

    const DeviceBody = params('interaction', 'csrf', 'user_code', 'decision');
    app.post('/device', { schema: { body: DeviceBody }, attachValidation: true }, async (request, reply) => {
      const body = request.body ?? {};
      const found = channel.postedInteraction(request, reply, body);
      if (!found) return reply;
      lab.interactions.delete(found.id);
      const session = channel.currentSession(request);
      const userCode = normaliseUserCode(single(body.user_code) ?? '');
      if (!session) return showDevice(request, reply, userCode);
      const { waitMs, countFailure } = guessWaitMs(request);
      if (waitMs > 0) return tooManyGuesses(request, reply, waitMs);
      if (!pendingCode(userCode)) {
        countFailure();
        return showDevice(request, reply, userCode, { error: 'That code is unknown, expired or already used.' });
      }
      const allow = single(body.decision) === 'allow';
      lab.devices.decide(userCode, allow, session.userId, session.authTime);
      return showDevice(request, reply, '', {
        message: allow
          ? 'Device connected. You can go back to your device.'
          : 'Request denied. The device gets no access.',
      });
    });
  };
