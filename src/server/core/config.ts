import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BCRYPT_COST, MAX_BCRYPT_COST, MIN_BCRYPT_COST } from '../crypto/password-hasher';

export interface LabConfig {
  /** Where the lab database lives. An empty directory means a fresh lab. */
  dataDir: string;
  /** Interface to listen on; loopback unless the user asks otherwise. */
  host?: string;
  /** App origin port; 0 picks free ports for all four origins, N uses N..N+3. */
  port?: number;
  bcryptCost?: number;
  /** The general per-IP API limit in requests per minute; 0 turns it off (benchmarks). */
  apiLimit?: number;
  /**
   * Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR
   * ranges, comma-separated. Empty (the default): the header is ignored.
   */
  trustProxy?: string;
  resourcesDir?: string;
  /** The built renderer (index.html and assets). */
  rendererDir?: string;
  /** An Electron-ABI build of better-sqlite3, used inside Electron main. */
  nativeBinding?: string;
  logLevel?: string;
}

export type ResolvedConfig = Required<Omit<LabConfig, 'nativeBinding'>> & { nativeBinding?: string };

export class ConfigError extends Error {}

/** The project root: the nearest folder above this file that holds the shipped resources. */
export function findProjectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'resources', 'passwords', 'deny-list.txt'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new ConfigError('Cannot find the Auth Lab resources folder.');
    dir = parent;
  }
}

/** The same per-user folder Electron's `app.getPath('userData')` gives for "Auth Lab", plus `/lab`. */
export function defaultDataDir(platform = process.platform, env = process.env, home = homedir()): string {
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, 'Auth Lab', 'lab');
}

/** Reads AUTHLAB_BCRYPT_COST: default 12, minimum 4 (tests use 4 to stay fast). */
export function bcryptCostFromEnv(env = process.env): number {
  const raw = env.AUTHLAB_BCRYPT_COST;
  if (raw === undefined || raw === '') return DEFAULT_BCRYPT_COST;
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
    throw new ConfigError(
      `AUTHLAB_BCRYPT_COST must be an integer from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST} (got "${raw}").`,
    );
  }
  return cost;
}

/** The general per-IP API limit (API.md): far above what a learner clicks, to stop runaway scripts. */
export const DEFAULT_API_LIMIT_PER_MINUTE = 600;

/** Reads AUTHLAB_API_LIMIT: requests per minute per IP, default 600, 0 = off. */
export function apiLimitFromEnv(env = process.env): number {
  const raw = env.AUTHLAB_API_LIMIT;
  if (raw === undefined || raw === '') return DEFAULT_API_LIMIT_PER_MINUTE;
  return parseApiLimit(raw, 'AUTHLAB_API_LIMIT');
}

export function parseApiLimit(raw: string, name = '--api-limit'): number {
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigError(`${name} must be a whole number of requests per minute, 0 for no limit (got "${raw}").`);
  }
  return Number(raw);
}

/**
 * Checks `--trust-proxy` / AUTHLAB_TRUST_PROXY: a comma-separated list of
 * IP addresses or CIDR ranges (`10.0.0.1`, `10.0.0.0/8`, `::1`). Returns it
 * normalised (trimmed, no empty entries); '' trusts no proxy.
 */
export function parseTrustProxy(raw: string, name = '--trust-proxy'): string {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || rest.length > 0) {
      throw new ConfigError(
        `${name} takes IP addresses or CIDR ranges, comma-separated (e.g. 10.0.0.1 or 10.0.0.0/8); got "${entry}".`,
      );
    }
  }
  return entries.join(',');
}

export function resolveConfig(config: LabConfig): ResolvedConfig {
  const port = config.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65532) {
    throw new ConfigError(`--port must be 0 or a port from 1 to 65532 (the lab uses four ports from it); got ${port}.`);
  }
  const root = config.resourcesDir && config.rendererDir ? '' : findProjectRoot();
  return {
    dataDir: resolve(config.dataDir),
    host: config.host ?? '127.0.0.1',
    port,
    bcryptCost: config.bcryptCost ?? bcryptCostFromEnv(),
    apiLimit: config.apiLimit ?? apiLimitFromEnv(),
    trustProxy: parseTrustProxy(config.trustProxy ?? process.env.AUTHLAB_TRUST_PROXY ?? ''),
    resourcesDir: config.resourcesDir ?? join(root, 'resources'),
    rendererDir: config.rendererDir ?? join(root, 'out', 'renderer'),
    nativeBinding: config.nativeBinding,
    logLevel: config.logLevel ?? process.env.AUTHLAB_LOG_LEVEL ?? 'warn',
  };
}
