// `npm run bench`: measures the built lab as a user runs it and writes
// bench/results.json (see bench/README.md).
//
// The lab runs in its own process (`node scripts/serve.mjs`, recorder on,
// general API limit off) on a fresh temp data dir; this process only drives
// it with autocannon. Every number is measured in this run; the targets are
// ratios inside the run, so a slower machine moves both sides.
//
//   node bench/bench.mjs [--smoke] [--out FILE]
//
// --smoke: tiny durations and bcrypt cost 4, to check the bench still runs
// (the test suite does this). Its numbers mean nothing.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import bcrypt from 'bcryptjs';
import { printTable, round, targets } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, out: { type: 'string' } },
  strict: true,
});
const smoke = flags.smoke;
const outFile = flags.out ?? join(root, 'bench', 'results.json');

const settings = smoke
  ? {
      connections: 10,
      durationS: 1,
      warmupS: 0,
      stormClients: 4,
      stormDurationS: 2,
      bcryptCost: 4,
      baselineS: 0.5,
      coldStarts: 1,
    }
  : {
      connections: 50,
      durationS: 10,
      warmupS: 3,
      stormClients: 16,
      stormDurationS: 15,
      bcryptCost: 12,
      baselineS: 5,
      coldStarts: 5,
    };
/** The light client during the login storm: one connection at a steady 100 requests a second, like a busy UI. */
const STORM_PROBE = { connections: 1, overallRate: 100 };
const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256', 'EdDSA'];

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
const log = (message) => process.stderr.write(`bench: ${message}\n`);

// ---------------------------------------------------------------- processes

/** Spawns a node script and resolves with the first stdout match of `ready`, and the time it took. */
function startProcess(args, { ready, env = {} }) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const match = ready.exec(stdout);
      if (match) resolve({ url: match[1], readyMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
    exited.then((code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${stderr}`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  return { child, ready: url, stop, exited };
}

const LAB_READY = /Auth Lab ready: (http:\/\/\S+)/;

function startLab(dataDir) {
  return startProcess([join(root, 'scripts', 'serve.mjs'), '--port', '0', '--data-dir', dataDir, '--api-limit', '0'], {
    ready: LAB_READY,
    env: { AUTHLAB_BCRYPT_COST: String(settings.bcryptCost), AUTHLAB_LOG_LEVEL: 'warn' },
  });
}

// ---------------------------------------------------------------- HTTP helpers

async function call(base, method, path, { json, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  const response = await fetch(base + path, init);
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return { body, headers: response.headers };
}

/** autocannon at the bench's connection count, after a warm-up, as {reqPerSec, p50Ms, p99Ms, ...}. */
async function load(name, options) {
  const base = { connections: settings.connections, ...options };
  if (settings.warmupS > 0) await autocannon({ ...base, duration: settings.warmupS });
  log(`${name}: ${base.connections} connections for ${options.duration ?? settings.durationS} s`);
  return summarise(await autocannon({ duration: settings.durationS, ...base }));
}

function summarise(result) {
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

// ---------------------------------------------------------------- measurements

function machine() {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemBytes: totalmem(),
    loadAvgAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** The renderer's first load: the entry script, its modulepreloads and the stylesheets named in index.html. */
function rendererSizes() {
  const dir = join(root, 'out', 'renderer');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = (pattern) => [...html.matchAll(pattern)].map((m) => m[1].replace(/^\.\//, ''));
  const js = [
    ...refs(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ];
  const css = refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g);
  const measure = (files) => {
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const bytes = readFileSync(join(dir, file));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { files, rawBytes: raw, gzipBytes: gzip };
  };
  return { initialJs: measure(js), initialCss: measure(css) };
}

/** One thread comparing bcrypt hashes as fast as it can: what a pool of one would do. */
function bcryptBaseline() {
  // The same input shape the lab gives bcrypt: 44 base64 characters (an HMAC-SHA-256).
  const input = randomBytes(32).toString('base64');
  const hash = bcrypt.hashSync(input, settings.bcryptCost);
  let compares = 0;
  const started = performance.now();
  while (performance.now() - started < settings.baselineS * 1000 || compares < 2) {
    bcrypt.compareSync(input, hash);
    compares++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { cost: settings.bcryptCost, comparesPerSec: Math.round((compares / seconds) * 100) / 100, compares };
}

async function coldStart() {
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-bench-cold-'));
  try {
    // A first start seeds the demo accounts; the measured starts find a warm data dir.
    const first = startLab(dataDir);
    const { url } = await first.ready;
    await call(url, 'GET', '/api/health');
    await first.stop();
    const runsMs = [];
    for (let i = 0; i < settings.coldStarts; i++) {
      const lab = startLab(dataDir);
      runsMs.push(Math.round((await lab.ready).readyMs));
      await lab.stop();
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { runsMs, medianMs: sorted[Math.floor(sorted.length / 2)] };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function loginStorm(url) {
  // One account per client, as in a class: the per-account failed-login
  // reservation then never refuses a correct login.
  const accounts = Array.from({ length: settings.stormClients }, (_, i) => ({
    email: `storm-${i}@bench.example`,
    password: `bench ${randomBytes(12).toString('base64url')}`,
  }));
  await Promise.all(accounts.map((account) => call(url, 'POST', '/api/auth/register', { json: account })));
  let next = 0;
  await call(url, 'POST', '/api/lab/perf/reset');
  log(
    `login storm: ${settings.stormClients} clients at bcrypt cost ${settings.bcryptCost} for ${settings.stormDurationS} s`,
  );
  const storm = autocannon({
    url: `${url}/api/jwt/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: settings.stormClients,
    duration: settings.stormDurationS,
    setupClient: (client) => client.setBody(JSON.stringify(accounts[next++ % accounts.length])),
  });
  const probe = autocannon({ url: `${url}/api/health`, duration: settings.stormDurationS, ...STORM_PROBE });
  const [stormResult, probeResult] = await Promise.all([storm, probe]);
  const perf = (await call(url, 'POST', '/api/lab/perf/reset')).body;
  return {
    clients: settings.stormClients,
    durationS: settings.stormDurationS,
    bcryptCost: settings.bcryptCost,
    logins: stormResult['2xx'],
    loginsPerSec: Math.round((stormResult['2xx'] / stormResult.duration) * 100) / 100,
    refused429: stormResult.statusCodeStats?.['429']?.count ?? 0,
    otherNon2xx: stormResult.non2xx - (stormResult.statusCodeStats?.['429']?.count ?? 0),
    errors: stormResult.errors + stormResult.timeouts,
    eventLoopDelayMs: perf.eventLoopDelayMs,
    health: summarise(probeResult),
  };
}

// ---------------------------------------------------------------- run

async function main() {
  const startedAt = new Date().toISOString();
  const results = { startedAt, smoke, machine: machine(), settings };

  log('building what is stale (renderer, server)');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'serve.mjs'), '--build-only'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new Error('the build failed');
  results.renderer = rendererSizes();

  log('cold start');
  results.coldStart = await coldStart();

  log('single-threaded bcrypt baseline');
  const baseline = bcryptBaseline();

  const bare = startProcess([join(root, 'bench', 'bare-fastify.mjs')], { ready: /bare fastify ready: (\S+)/ });
  const routes = {};
  try {
    routes.bareFastify = await load('bare Fastify', { url: (await bare.ready).url });
  } finally {
    await bare.stop();
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-bench-'));
  const lab = startLab(dataDir);
  try {
    const { url } = await lab.ready;
    const accounts = (await call(url, 'GET', '/api/lab/accounts')).body;
    const user = accounts.find((a) => a.role === 'user' && !a.mfa);
    const credentials = { email: user.email, password: user.password };

    routes.health = await load('GET /api/health', { url: `${url}/api/health` });

    const login = await call(url, 'POST', '/api/session/login', { json: credentials });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    routes.sessionMe = await load('GET /api/session/me', { url: `${url}/api/session/me`, headers: { cookie } });

    routes.jwtMe = {};
    for (const alg of JWT_ALGORITHMS) {
      // The lab signs with one algorithm at a time; rotating picks the next one.
      await call(url, 'POST', '/api/jwt/keys/rotate', { json: { alg, compromised: true } });
      const { accessToken } = (await call(url, 'POST', '/api/jwt/login', { json: credentials })).body;
      routes.jwtMe[alg] = await load(`GET /api/jwt/me (${alg})`, {
        url: `${url}/api/jwt/me`,
        headers: { authorization: `Bearer ${accessToken}` },
      });
    }
    results.routes = routes;

    const storm = await loginStorm(url);
    results.loginStorm = { ...storm, baseline, ratioToBaseline: round(storm.loginsPerSec / baseline.comparesPerSec) };

    const perf = (await call(url, 'GET', '/api/lab/perf')).body;
    results.peakRssBytes = perf.maxRssBytes;
  } finally {
    await lab.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  results.targets = targets(results);
  results.allTargetsPass = results.targets.every((t) => t.pass);
  results.finishedAt = new Date().toISOString();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  log(`wrote ${outFile}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
