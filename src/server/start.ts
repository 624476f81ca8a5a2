import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LabOrigins } from '../common/api';
import { LabClock } from './core/clock';
import { resolveConfig, type LabConfig } from './core/config';
import type { LabContext } from './core/context';
import { seedDemoAccounts } from './core/demo-accounts';
import { LabMailer } from './core/mailer';
import { TrafficRecorder } from './core/recorder';
import { ToggleRegistry } from './core/toggles';
import { PasswordHasher } from './crypto/password-hasher';
import { loadDenyList } from './crypto/password-policy';
import { randomToken } from './crypto/random';
import { openDatabase } from './db/open';
import { SettingsRepository } from './db/settings';
import { UsersRepository } from './db/users';
import { buildAppOrigin } from './origins/app';
import { buildAttackerOrigin } from './origins/attacker';
import { buildClientOrigin } from './origins/client';
import { buildIdpOrigin } from './origins/idp';

export type { LabConfig } from './core/config';
export type { LabOrigins } from '../common/api';

export interface RunningLab {
  origins: LabOrigins;
  context: LabContext;
  close(): Promise<void>;
}

const ORIGIN_ORDER = ['app', 'idp', 'client', 'attacker'] as const;

function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Builds the LabContext every origin shares. Exported for tests that need the context without listeners. */
export async function createLabContext(config: LabConfig): Promise<LabContext> {
  const resolved = resolveConfig(config);
  mkdirSync(resolved.dataDir, { recursive: true });
  const db = openDatabase(join(resolved.dataDir, 'lab.sqlite'), { nativeBinding: resolved.nativeBinding });
  const clock = new LabClock();
  const settings = new SettingsRepository(db);
  // The pepper for password pre-hashing: random per lab, kept outside the users table.
  const pepper = settings.getOrCreate('passwords.pepper', () => randomToken(32));
  const recorder = new TrafficRecorder(db, clock);
  const mailer = new LabMailer(db, clock);
  const ctx: LabContext = {
    config: resolved,
    db,
    clock,
    settings,
    toggles: new ToggleRegistry(settings),
    recorder,
    mailer,
    users: new UsersRepository(db),
    hasher: new PasswordHasher(resolved.bcryptCost, pepper),
    denyList: loadDenyList(join(resolved.resourcesDir, 'passwords', 'deny-list.txt')),
    origins: { app: '', idp: '', client: '', attacker: '' },
    ready: Promise.resolve(),
    resetHandlers: [
      () => mailer.clear(),
      () => recorder.clear(),
      () => db.exec('DELETE FROM mfa_tickets; DELETE FROM login_failures;'),
    ],
  };
  // bcrypt at cost 12 takes about half a second per hash: do the first-start
  // hashing in the worker pool while the listeners come up.
  ctx.ready = Promise.all([seedDemoAccounts(ctx), ctx.hasher.getDummyHash()]).then(() => undefined);
  ctx.ready.catch(() => undefined);
  return ctx;
}

/**
 * Starts the four lab origins on loopback. This is the only place that
 * listens. With port N the origins take N..N+3; with 0 each gets a free port.
 */
export async function startLab(config: LabConfig): Promise<RunningLab> {
  const ctx = await createLabContext(config);
  const version = packageVersion(ctx.config.resourcesDir);
  const servers: Record<(typeof ORIGIN_ORDER)[number], FastifyInstance> = {
    app: await buildAppOrigin(ctx, version),
    idp: await buildIdpOrigin(ctx),
    client: await buildClientOrigin(ctx),
    attacker: await buildAttackerOrigin(ctx),
  };
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
    await ctx.ready.catch(() => undefined);
    await Promise.allSettled(ORIGIN_ORDER.map((name) => servers[name].close()));
    await ctx.hasher.close();
    ctx.recorder.close();
    ctx.db.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    origins: ctx.origins,
    context: ctx,
    close: () =>
      (closing ??= (async () => {
        await ctx.ready.catch(() => undefined);
        await Promise.allSettled(ORIGIN_ORDER.map((name) => servers[name].close()));
        await ctx.hasher.close();
        // Exchanges still buffered for the next tick are written, not lost.
        ctx.recorder.close();
        ctx.db.close();
      })()),
  };
}
