import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../../src/server/core/logger';

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
});
