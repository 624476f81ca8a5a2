import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startLab, type RunningLab } from '../../src/server/start';

export interface LabHarness {
  lab: RunningLab;
  dataDir: string;
  /** fetch against the app origin; JSON bodies are encoded for you. */
  call: (
    method: string,
    path: string,
    options?: { json?: unknown; body?: string; headers?: Record<string, string> },
  ) => Promise<{ status: number; headers: Headers; body: any; text: string }>;
  close: () => Promise<void>;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'authlab-test-'));
}

/** Starts a real lab (four real listeners) on a fresh or given data dir. */
export async function startTestLab(dataDir = freshDataDir()): Promise<LabHarness> {
  const lab = await startLab({ dataDir, port: 0, bcryptCost: 4, logLevel: 'silent' });
  await lab.context.ready;
  const call: LabHarness['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(lab.origins.app + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return { lab, dataDir, call, close: () => lab.close() };
}

/** A raw HTTP request with a chosen Host header (fetch will not send a forged one). */
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
 * One real lab for a whole test file: started before the first test, closed
 * after the last, and (optionally) reset before each test. Returns a stand-in
 * that forwards to the running lab, so tests use it as they would a LabHarness.
 */
export function useTestLab(options: { resetBeforeEach?: boolean } = {}): LabHarness {
  let current: LabHarness | undefined;
  const running = () => {
    if (!current) throw new Error('the test lab is not running (use it inside a test)');
    return current;
  };
  beforeAll(async () => {
    current = await startTestLab();
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
    close: () => running().close(),
  };
}
