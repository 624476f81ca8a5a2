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
