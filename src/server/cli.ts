import { parseArgs } from 'node:util';
import { ConfigError, defaultDataDir, parseApiLimit, parseTrustProxy } from './core/config';
import { startLab } from './start';

const USAGE =
  'Usage: npm run serve -- [--port N] [--data-dir DIR] [--host H] [--api-limit N] [--trust-proxy ADDR|CIDR,…]';

/** `npm run serve`: flags → startLab() → the ready line; clean shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let values: {
    port?: string;
    'data-dir'?: string;
    host?: string;
    'api-limit'?: string;
    'trust-proxy'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        'api-limit': { type: 'string' },
        'trust-proxy': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || !Number.isInteger(port)) fail(`--port must be a whole number.\n${USAGE}`);

  let lab: Awaited<ReturnType<typeof startLab>>;
  try {
    const apiLimit = values['api-limit'] === undefined ? undefined : parseApiLimit(values['api-limit']);
    const trustProxy = values['trust-proxy'] === undefined ? undefined : parseTrustProxy(values['trust-proxy']);
    lab = await startLab({
      dataDir: values['data-dir'] ?? defaultDataDir(),
      port,
      host: values.host,
      apiLimit,
      trustProxy,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (error instanceof ConfigError) fail(e.message);
    if (e.code === 'EADDRINUSE')
      fail(`A port the lab needs is already in use (${e.message}). Try --port 0 for free ports.`);
    throw error;
  }
  console.log(`Auth Lab ready: ${lab.origins.app}`);
  console.log(`  idp ${lab.origins.idp}  client ${lab.origins.client}  attacker ${lab.origins.attacker}`);
  console.log(`  data dir ${lab.context.config.dataDir}`);

  const shutdown = (signal: string) => {
    console.log(`Auth Lab stopping (${signal})`);
    lab.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function fail(message: string): never {
  console.error(`Auth Lab: ${message}`);
  process.exit(2);
}

void main();
