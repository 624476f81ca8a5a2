import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { lazyRequestLogger, loggerOptions } from '../../../src/server/core/logger';

describe('operational log', () => {
  it('redacts passwords, codes, cookies, tokens and Authorization headers', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk;
        done();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOi.secret', cookie: 'authlab_sid=s%3Aabc' } },
        res: { headers: { 'set-cookie': 'authlab_rt=xyz; HttpOnly' } },
        body: { email: 'a@b.co', password: 'hunter2hunter2', code: '123456', accessToken: 'eyJ.token' },
      },
      'request',
    );
    for (const secret of [
      'eyJhbGciOi.secret',
      'authlab_sid=s%3Aabc',
      'authlab_rt=xyz',
      'hunter2hunter2',
      '123456',
      'eyJ.token',
    ]) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('a@b.co');
    expect(written).toContain('[redacted]');
  });

  it.each([
    ['refresh_token', { body: { grant_type: 'refresh_token', refresh_token: 'rt-opaque-value-123' } }],
    ['client_secret', { body: { client_id: 'your-app', client_secret: 'cs-opaque-value-123' } }],
    ['code_verifier', { body: { code: 'c', code_verifier: 'pkce-verifier-value-123' } }],
    ['recoveryCodes', { body: { recoveryCodes: ['rc-aaaa-1111', 'rc-bbbb-2222'] } }],
    ['recovery_codes', { body: { recovery_codes: ['rc-aaaa-1111'] } }],
    ['x-csrf-token', { req: { headers: { 'x-csrf-token': 'csrf-value-123' } } }],
    ['a nested token', { body: { tokens: [{ access_token: 'at-nested-value-123' }] } }],
  ])('redacts %s, as the traffic recorder masks it', (_name, fields) => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk;
        done();
      },
    });
    pino(loggerOptions('info'), sink).info(fields, 'request');
    expect(written).toContain('[redacted]');
    for (const secret of ['rt-opaque', 'cs-opaque', 'pkce-verifier', 'rc-aaaa', 'rc-bbbb', 'csrf-value', 'at-nested']) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('"msg":"request"');
  });

  it('keeps an error whole for its serializer, and leaves fields that are not secret', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk;
        done();
      },
    });
    pino(loggerOptions('info'), sink).error({ err: new Error('boom'), sweep: 'sessions', grant_type: 'x' }, 'failed');
    const line = JSON.parse(written) as { err: { type: string; message: string; stack: string }; sweep: string };
    expect(line.err).toMatchObject({ type: 'Error', message: 'boom', stack: expect.any(String) });
    expect(line.sweep).toBe('sessions');
    expect(written).toContain('"grant_type":"x"');
  });

  it('request.log, made on its first enabled line, keeps the request id and the redaction', async () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk;
        done();
      },
    });
    const app = Fastify({ loggerInstance: pino(loggerOptions('warn'), sink), childLoggerFactory: lazyRequestLogger });
    app.get('/', async (request) => {
      request.log.info('below the level');
      request.log.warn({ body: { password: 'hunter2hunter2' } }, 'a warning');
      request.log.child({ step: 'inner' }).error('an error');
      return { level: request.log.level };
    });
    const res = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    expect(res.json()).toEqual({ level: 'warn' });
    const lines = written
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['a warning', 'an error']);
    for (const line of lines) expect(line.reqId).toEqual(expect.any(String));
    expect(lines[1]!.step).toBe('inner');
    expect(written).not.toContain('hunter2hunter2');
    expect(written).toContain('[redacted]');
  });
});
