import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LabOrigins } from '../common/api';
import { LoginStateRepository } from './auth/login-state';
import { LOGIN_LIMITS } from './auth/login-throttle';
import { LabClock } from './core/clock';
import { GeneralLimitCounters } from './core/general-limit';
import { resolveConfig, type LabConfig } from './core/config';
import type { LabContext, LabDependencies } from './core/context';
import { seedDemoAccounts } from './core/demo-accounts';
import { LabMailer } from './core/mailer';
import { TrafficRecorder } from './core/recorder';
import { LabSweeper } from './core/sweeper';
import { ToggleRegistry } from './core/toggles';
import { generatePemKeyPair } from './crypto/key-pairs';
import { PasswordHasher } from './crypto/password-hasher';
import { loadDenyList } from './crypto/password-policy';
import { loadPepper } from './crypto/pepper';
import { loadVault } from './crypto/vault';
import { openDatabase } from './db/open';
import { sealLegacySecrets, withSecureDelete } from './db/sealed-columns';
import { SettingsRepository } from './db/settings';
import { UsersRepository } from './db/users';
import { createLabs, MIGRATIONS, type Labs } from './labs';
import type { LabModule } from './labs/lab-module';
import { buildAppOrigin } from './origins/app';
import { buildAttackerOrigin } from './origins/attacker';
import { buildClientOrigin } from './origins/client';
import { buildIdpOrigin } from './origins/idp';

export type { LabConfig } from './core/config';

const ORIGIN_ORDER = ['app', 'idp', 'client', 'attacker'] as const;
export type OriginName = (typeof ORIGIN_ORDER)[number];

export type { Labs } from './labs';

export interface RunningLab {
  origins: LabOrigins;
  context: LabContext;
  labs: Labs;
  close(): Promise<void>;
}

/** The four origins built and ready to answer, but not listening: what `app.inject` tests use. */
export interface BuiltLab extends RunningLab {
  servers: Record<OriginName, FastifyInstance>;
}

/** What a caller may supply instead of the defaults: the origins (and so the Host allow-list) and outside services. */
export interface LabOverrides {
  /** The origins the lab answers as. Without listeners nothing else fixes the ports, so tests pass them in. */
  origins?: LabOrigins;
  dependencies?: Partial<LabDependencies>;
}

function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Builds the LabContext every origin shares. Exported for tests that need the context without listeners. */
export async function createLabContext(
  config: LabConfig,
  dependencies: Partial<LabDependencies> = {},
): Promise<LabContext> {
  const resolved = resolveConfig(config);
  mkdirSync(resolved.dataDir, { recursive: true });
  const db = openDatabase(join(resolved.dataDir, 'lab.sqlite'), {
    nativeBinding: resolved.nativeBinding,
    migrations: MIGRATIONS,
  });
  const clock = new LabClock();
  let vault;
  try {
    vault = loadVault(resolved.dataDir, db);
  } catch (error) {
    db.close();
    throw error;
  }
  const settings = new SettingsRepository(db, vault);
  // Data dirs from before the vault and pepper.key: their clear secrets are sealed and the pepper row
  // moves to its file, once, with the freed bytes zeroed in lab.sqlite and its WAL.
  const pepper = withSecureDelete(db, () => {
    sealLegacySecrets(db, vault);
    return loadPepper(resolved.dataDir, settings);
  });
  const recorder = new TrafficRecorder(db, clock);
  const mailer = new LabMailer(db, clock, vault);
  const loginState = new LoginStateRepository(db);
  const ctx: LabContext = {
    config: resolved,
    db,
    clock,
    settings,
    vault,
    toggles: new ToggleRegistry(settings),
    recorder,
    mailer,
    users: new UsersRepository(db, vault),
    loginState,
    generalLimit: new GeneralLimitCounters(clock),
    hasher: new PasswordHasher(resolved.bcryptCost, pepper),
    denyList: loadDenyList(join(resolved.resourcesDir, 'passwords', 'deny-list.txt')),
    sweeper: new LabSweeper(clock),
    dependencies: { fetch: globalThis.fetch, generateKeyPair: generatePemKeyPair, ...dependencies },
    origins: { app: '', idp: '', client: '', attacker: '' },
    ready: Promise.resolve(),
    resetHandlers: [
      () => mailer.clear(),
      () => recorder.clear(),
      () => loginState.clear(),
      () => ctx.users.restoreDemoProfiles(),
    ],
  };
  // Expired MFA tickets and finished throttle windows read as absent already: sweeping them changes nothing a learner sees.
  ctx.sweeper.add(
    'login state',
    () => loginState.sweep(clock.nowMs(), LOGIN_LIMITS.windowMs, LOGIN_LIMITS.knownSourceMs),
    { onClockJump: true },
  );
  // bcrypt at cost 12 takes about half a second per hash: do the first-start
  // hashing in the worker pool while the listeners come up.
  ctx.ready = Promise.all([seedDemoAccounts(ctx), ctx.hasher.getDummyHash()]).then(() => undefined);
  ctx.ready.catch(() => undefined);
  return ctx;
}

async function buildServers(ctx: LabContext): Promise<{ servers: Record<OriginName, FastifyInstance>; labs: Labs }> {
  const version = packageVersion(ctx.config.resourcesDir);
  // Every lab, built once on the shared context (labs/index.ts); the origins only register what each lab returns.
  const byName = createLabs(ctx);
  const labs: readonly LabModule[] = Object.values(byName);
  // Each lab's reset and sweeps, in the list's order, after the core ones.
  for (const lab of labs) {
    if (lab.reset) ctx.resetHandlers.push(lab.reset);
    for (const { name, sweep, onClockJump } of lab.sweeps ?? []) ctx.sweeper.add(name, sweep, { onClockJump });
  }
  const servers = {
    app: await buildAppOrigin(ctx, version, labs),
    idp: await buildIdpOrigin(ctx, labs),
    client: await buildClientOrigin(ctx, labs),
    attacker: await buildAttackerOrigin(ctx, labs),
  };
  ctx.sweeper.start((name, error) => servers.app.log.error({ err: error, sweep: name }, 'sweep failed'));
  return { servers, labs: byName };
}

function closer(ctx: LabContext, servers: Record<OriginName, FastifyInstance>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= (async () => {
      ctx.sweeper.stop();
      await ctx.ready.catch(() => undefined);
      await Promise.allSettled(ORIGIN_ORDER.map((name) => servers[name].close()));
      await ctx.hasher.close();
      // Exchanges the recorder still buffers are written, not lost.
      ctx.recorder.close();
      ctx.db.close();
    })());
}

/**
 * Builds the four origins without listening. Each one only answers to the
 * Host of its origin in `overrides.origins` (default: ports N..N+3 of
 * config.port, 4010 when it is 0), so `app.inject` sees the same guards,
 * hooks and routes as a real socket does.
 */
export async function buildLab(config: LabConfig, overrides: LabOverrides = {}): Promise<BuiltLab> {
  const ctx = await createLabContext(config, overrides.dependencies);
  const base = ctx.config.port || 4010;
  Object.assign(
    ctx.origins,
    overrides.origins ?? {
      app: `http://127.0.0.1:${base}`,
      idp: `http://127.0.0.1:${base + 1}`,
      client: `http://127.0.0.1:${base + 2}`,
      attacker: `http://localhost:${base + 3}`,
    },
  );
  const { servers, labs } = await buildServers(ctx);
  await Promise.all(ORIGIN_ORDER.map((name) => servers[name].ready()));
  return { origins: ctx.origins, context: ctx, labs, servers, close: closer(ctx, servers) };
}

/**
 * Starts the four lab origins on loopback. This is the only place that
 * listens. With port N the origins take N..N+3; with 0 each gets a free port.
 */
export async function startLab(
  config: LabConfig,
  overrides: Pick<LabOverrides, 'dependencies'> = {},
): Promise<RunningLab> {
  const ctx = await createLabContext(config, overrides.dependencies);
  const { servers, labs } = await buildServers(ctx);
  const { host, port } = ctx.config;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  try {
    for (const [index, name] of ORIGIN_ORDER.entries()) {
      const server = servers[name];
      await server.listen({ host, port: port === 0 ? 0 : port + index });
      const address = server.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : 0;
      // The attacker needs another *site*: a different host name on loopback.
      const hostname = name === 'attacker' && publicHost === '127.0.0.1' ? 'localhost' : publicHost;
      ctx.origins[name] = `http://${hostname}:${boundPort}`;
    }
  } catch (error) {
    await closer(ctx, servers)();
    throw error;
  }
  // After the ready line (printed once this resolves): parse the drill decks, which no first request needs.
  setImmediate(() => {
    try {
      labs.drills.service.library.load();
    } catch (error) {
      servers.app.log.error({ err: error }, 'loading the drill decks failed');
    }
  });
  return { origins: ctx.origins, context: ctx, labs, close: closer(ctx, servers) };
}
