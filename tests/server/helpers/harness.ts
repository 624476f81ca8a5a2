import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { LabOrigins } from '../../../src/common/api';
import { buildLab, startLab, type RunningLab } from '../../../src/server/start';
import { testKeyPair } from './key-ring';

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export interface LabHarness {
  lab: RunningLab;
  dataDir: string;
  /** A request to the app origin; JSON bodies are encoded for you. */
  call: (
    method: string,
    path: string,
    options?: { json?: unknown; body?: string; headers?: Record<string, string> },
  ) => Promise<CallResult>;
  /** fetch against any of the lab's four origins (through `app.inject` unless the lab listens). */
  fetch: typeof fetch;
  close: () => Promise<void>;
}

export interface TestLabOptions {
  /**
   * Start real listeners. Only for what needs a socket: raw requests with a
   * forged Host, oversized headers, a live SSE stream, the CLI.
   */
  listen?: boolean;
  /** The bcrypt cost (default 4, the minimum). A timing test raises it so bcrypt outweighs the noise. */
  bcryptCost?: number;
  /** `--trust-proxy`: the proxies whose X-Forwarded-For is believed (inject's peer is 127.0.0.1). */
  trustProxy?: string;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'authlab-test-'));
}

/**
 * Origins for a lab that does not listen; the Host guard allows exactly
 * these. Ports 1-4: nothing listens there, so a test that calls the global
 * fetch instead of `h.fetch` fails with ECONNREFUSED rather than reaching
 * some other lab running on this machine.
 */
export const TEST_ORIGINS: LabOrigins = {
  app: 'http://127.0.0.1:1',
  idp: 'http://127.0.0.1:2',
  client: 'http://127.0.0.1:3',
  attacker: 'http://localhost:4',
};

function headersFrom(raw: Record<string, string | string[] | number | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [String(value)]) headers.append(name, one);
  }
  return headers;
}

/**
 * A fetch that answers from the lab's own Fastify instances with
 * `app.inject`: the request goes through every hook, guard and route, with
 * no socket. The origin is picked by port (tests reach the attacker as
 * 127.0.0.1, see helpers/session.ts), and the Host header is the URL's.
 */
export function injectFetch(servers: Record<keyof LabOrigins, FastifyInstance>, origins: LabOrigins): typeof fetch {
  const byPort = new Map(
    (Object.keys(origins) as Array<keyof LabOrigins>).map((name) => [new URL(origins[name]).port, servers[name]]),
  );
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const server = byPort.get(url.port);
    if (!server) throw new TypeError(`fetch failed: no lab origin at ${url.origin}`);
    const headers: Record<string, string> = { host: url.host };
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const res = await server.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers,
      ...(init.body !== undefined && init.body !== null ? { payload: init.body as string } : {}),
    });
    const nullBody = [101, 204, 205, 304].includes(res.statusCode);
    return new Response(nullBody ? null : res.rawPayload, {
      status: res.statusCode,
      headers: headersFrom(res.headers),
    });
  };
}

async function callWith(
  fetcher: typeof fetch,
  appOrigin: string,
  ...[method, path, options = {}]: Parameters<LabHarness['call']>
) {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetcher(appOrigin + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/**
 * A lab on a fresh or given data dir. By default nothing listens: requests go
 * through `app.inject`, and the JWT lab takes its key pairs from the shared
 * test key ring instead of generating new ones.
 */
export async function startTestLab(dataDir = freshDataDir(), options: TestLabOptions = {}): Promise<LabHarness> {
  const config = {
    dataDir,
    port: 0,
    bcryptCost: options.bcryptCost ?? 4,
    logLevel: 'silent',
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  };
  const dependencies = { generateKeyPair: testKeyPair };
  let lab: RunningLab;
  let fetcher: typeof fetch;
  if (options.listen) {
    lab = await startLab(config, { dependencies });
    fetcher = globalThis.fetch;
  } else {
    // The attacker's own HTTP client goes through inject too, bound once the servers exist.
    const late: { fetch?: typeof fetch } = {};
    const built = await buildLab(config, {
      origins: { ...TEST_ORIGINS },
      dependencies: { ...dependencies, fetch: (input, init) => late.fetch!(input, init) },
    });
    late.fetch = injectFetch(built.servers, built.origins);
    lab = built;
    fetcher = late.fetch;
  }
  await lab.context.ready;
  return {
    lab,
    dataDir,
    call: (...args) => callWith(fetcher, lab.origins.app, ...args),
    fetch: fetcher,
    close: () => lab.close(),
  };
}

/** A raw HTTP request with a chosen Host header (fetch will not send a forged one). Needs a listening lab. */
export function requestWithHost(origin: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: url.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * One lab for a whole test file: built before the first test, closed after
 * the last, and (optionally) reset before each test. Returns a stand-in that
 * forwards to the running lab, so tests use it as they would a LabHarness.
 */
export function useTestLab(options: TestLabOptions & { resetBeforeEach?: boolean } = {}): LabHarness {
  let current: LabHarness | undefined;
  const running = () => {
    if (!current) throw new Error('the test lab is not running (use it inside a test)');
    return current;
  };
  beforeAll(async () => {
    current = await startTestLab(undefined, options);
  });
  afterAll(() => current?.close());
  if (options.resetBeforeEach) {
    beforeEach(async () => {
      await running().call('POST', '/api/lab/reset', { json: {} });
    });
  }
  return {
    get lab() {
      return running().lab;
    },
    get dataDir() {
      return running().dataDir;
    },
    call: (...args) => running().call(...args),
    fetch: (...args) => running().fetch(...args),
    close: () => running().close(),
  };
}
