import { request as httpRequest } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerClientError } from '../../../src/server/origins/origin-server';
import { useTestLab } from '../helpers';

const h = useTestLab({ listen: true });

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request exactly as written: fetch would normalise the URL and will not forge Host. */
function raw(origin: string, method: string, path: string, host?: string): Promise<RawAnswer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: url.port, method, path, headers: { host: host ?? `127.0.0.1:${url.port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const MALFORMED: Array<[string, string]> = [
  ['GET', '/%ff'],
  ['GET', '/%c0%ae%c0%ae/'],
  ['DELETE', '/api/session/sessions/%'],
  ['GET', `/api/drills/decks/${'a'.repeat(5000)}/export`],
  ['GET', `/api/session/sessions/${'%41'.repeat(200)}`],
];

function expectContract(answer: RawAnswer, code?: string): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  const body = JSON.parse(answer.body);
  expect(body).toEqual({ error: code ?? expect.any(String), message: expect.any(String) });
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
}

describe('malformed URLs get the error contract on every origin', () => {
  const cases = MALFORMED.map(([method, path]) => [method, path.length > 50 ? `${path.slice(0, 40)}…` : path, path]);
  it.each(cases)('%s %s', async (method, _shown, path) => {
    for (const [name, origin] of Object.entries(h.lab.origins)) {
      const answer = await raw(origin, method, path);
      expectContract(answer);
      expect(answer.body, name).not.toContain('FST_');
      // The Host guard still comes first.
      const foreign = await raw(origin, method, path, `evil.example:${new URL(origin).port}`);
      expectContract(foreign, 'invalid_host');
      expect(foreign.status).toBe(400);
    }
  });
});

describe('security headers where they were missing', () => {
  it('invalid_host answers carry security headers on every origin', async () => {
    for (const origin of Object.values(h.lab.origins)) {
      const answer = await raw(origin, 'GET', '/', `evil.example:${new URL(origin).port}`);
      expectContract(answer, 'invalid_host');
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });

  it.each(['idp', 'client'] as const)('the %s page sends nosniff and a Referrer-Policy', async (name) => {
    const answer = await raw(h.lab.origins[name], 'GET', '/');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it('the API docs page cannot be framed', async () => {
    const answer = await raw(h.lab.origins.app, 'GET', '/api/docs');
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['content-security-policy']).not.toContain("frame-ancestors 'self'");
  });

  it('POST /api/auth/register is never cached', async () => {
    const res = await h.call('POST', '/api/auth/register', {
      json: { email: 'nostore@example.com', password: 'correct horse battery staple' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('requests Node rejects before Fastify', () => {
  const answerTo = (code: string) => {
    const socket = new PassThrough();
    let written = '';
    socket.on('data', (chunk: Buffer) => (written += chunk.toString()));
    answerClientError(Object.assign(new Error(code), { code }), socket);
    return written;
  };

  it('headers that arrive too slowly get 408 request_timeout', () => {
    const text = answerTo('ERR_HTTP_REQUEST_TIMEOUT');
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(text.split('\r\n\r\n')[1]!)).toEqual({ error: 'request_timeout', message: expect.any(String) });
  });

  it('oversized headers get 431 and malformed HTTP 400, both with nosniff', () => {
    expect(answerTo('HPE_HEADER_OVERFLOW')).toMatch(/^HTTP\/1\.1 431 [\s\S]*X-Content-Type-Options: nosniff/);
    expect(answerTo('HPE_INVALID_METHOD')).toMatch(/^HTTP\/1\.1 400 [\s\S]*"error":"bad_request"/);
  });
});
