import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDataDir } from './helpers';

const root = join(import.meta.dirname, '..', '..');
const ROUTE_FIELDS = ['reqPerSec', 'p50Ms', 'p99Ms', 'requests', 'non2xx', 'errors'];

/** Every leaf under `value` is a finite number, a string or a boolean: nothing missing, nothing NaN. */
function leaves(value: unknown, path = '$'): string[] {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, `${path}.${key}`));
}

const COMPARE: Record<string, (measured: number, limit: number) => boolean> = {
  '>=': (measured, limit) => measured >= limit,
  '<=': (measured, limit) => measured <= limit,
  '<': (measured, limit) => measured < limit,
};

// A smoke run only: it proves `npm run bench` still runs end to end and writes
// every field with values that hang together (positive rates, p50 <= p99, each
// pass flag what its numbers give). How fast anything is, is never asserted
// (2 shared cores, 1 s runs).
describe('npm run bench (smoke)', () => {
  it('runs against the built lab and writes every measurement to results.json', { timeout: 180_000 }, () => {
    const out = join(freshDataDir(), 'results.json');
    const run = spawnSync(process.execPath, [join(root, 'bench', 'bench.mjs'), '--smoke', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('| GET /api/jwt/me EdDSA |');
    const results = JSON.parse(readFileSync(out, 'utf8'));

    expect(leaves(results)).toEqual([]);
    expect(Object.keys(results.machine)).toEqual(expect.arrayContaining(['cores', 'cpuModel', 'node']));
    for (const route of [results.routes.bareFastify, results.routes.health, results.routes.sessionMe]) {
      expect(Object.keys(route)).toEqual(ROUTE_FIELDS);
    }
    expect(Object.keys(results.routes.jwtMe)).toEqual(['HS256', 'RS256', 'ES256', 'EdDSA']);
    for (const route of Object.values(results.routes.jwtMe)) expect(Object.keys(route as object)).toEqual(ROUTE_FIELDS);
    // Every measured route answered 2xx: a broken login or token would show here, not as a fast 401.
    for (const route of [results.routes.health, results.routes.sessionMe, ...Object.values(results.routes.jwtMe)]) {
      expect((route as { non2xx: number }).non2xx).toBe(0);
    }
    expect(results.loginStorm.logins).toBeGreaterThan(0);
    expect(Object.keys(results.loginStorm)).toEqual(
      expect.arrayContaining(['loginsPerSec', 'eventLoopDelayMs', 'health', 'baseline', 'ratioToBaseline']),
    );
    expect(Object.keys(results.loginStorm.eventLoopDelayMs)).toEqual(expect.arrayContaining(['p99']));
    expect(results.coldStart.runsMs).toHaveLength(1);
    expect(Object.keys(results.renderer)).toEqual(['initialJs', 'initialCss']);
    expect(results.renderer.initialJs.gzipBytes).toBeGreaterThan(0);
    // vitest runs with NODE_ENV=test; the renderer the bench measures (and serve serves) is still
    // a production build, without React's development warnings.
    const entry = readFileSync(join(root, 'out', 'renderer', results.renderer.initialJs.files[0]), 'utf8');
    expect(entry).not.toContain('unique "key" prop');
    expect(results.peakRssBytes).toBeGreaterThan(0);
    expect(results.targets).toHaveLength(18);
    for (const target of results.targets) expect(typeof target.pass).toBe('boolean');

    // The values, not only the fields: every route was measured and its numbers are consistent.
    const routes = [results.routes.bareFastify, results.routes.health, results.routes.sessionMe];
    for (const route of [...routes, ...Object.values(results.routes.jwtMe)] as Array<Record<string, number>>) {
      expect(route.reqPerSec).toBeGreaterThan(0);
      expect(route.requests).toBeGreaterThan(0);
      expect(route.p50Ms).toBeGreaterThanOrEqual(0);
      expect(route.p50Ms).toBeLessThanOrEqual(route.p99Ms!);
    }
    const storm = results.loginStorm;
    expect(storm.loginsPerSec).toBeGreaterThan(0);
    expect(storm.baseline.comparesPerSec).toBeGreaterThan(0);
    expect(storm.ratioToBaseline).toBeCloseTo(storm.loginsPerSec / storm.baseline.comparesPerSec, 1);
    expect(results.coldStart.medianMs).toBeGreaterThan(0);
    expect(results.coldStart.runsMs).toContain(results.coldStart.medianMs);
    // Every target: a finite, non-negative measurement (a ratio strictly positive), a known
    // comparison, and a pass flag that the measurement and the limit give.
    for (const target of results.targets as Array<{
      name: string;
      measured: number;
      op: string;
      limit: number;
      pass: boolean;
    }>) {
      expect(Number.isFinite(target.measured), target.name).toBe(true);
      expect(target.measured, target.name).toBeGreaterThanOrEqual(0);
      if (target.name.includes(' vs ')) expect(target.measured, target.name).toBeGreaterThan(0);
      expect(Object.keys(COMPARE), target.name).toContain(target.op);
      expect(target.pass, target.name).toBe(COMPARE[target.op]!(target.measured, target.limit));
    }
    expect(results.allTargetsPass).toBe(results.targets.every((t: { pass: boolean }) => t.pass));
  });
});
