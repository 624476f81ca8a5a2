import type { LabOrigins } from '../../common/api';
import type { LoginStateRepository } from '../auth/login-state';
import type { PasswordHasher } from '../crypto/password-hasher';
import type { Vault } from '../crypto/vault';
import type { LabDatabase } from '../db/open';
import type { SettingsRepository } from '../db/settings';
import type { UsersRepository } from '../db/users';
import type { LabClock } from './clock';
import type { GeneralLimitCounters } from './general-limit';
import type { ResolvedConfig } from './config';
import type { LabMailer } from './mailer';
import type { TrafficRecorder } from './recorder';
import type { LabSweeper } from './sweeper';
import type { ToggleRegistry } from './toggles';

/** Asymmetric key material as PEM text: PKCS#8 for the private half, SPKI for the public one. */
export interface PemKeyPair {
  privatePem: string;
  publicPem: string;
}

/**
 * What the lab needs from the outside world, replaceable as a whole: the
 * tests route the attacker's HTTP client through `app.inject` and hand the JWT
 * lab pre-generated key pairs, so no test needs a socket or fresh RSA keys.
 */
export interface LabDependencies {
  /** The HTTP client lab code uses to call the lab's own origins (the simulated attacker). */
  fetch: typeof fetch;
  /** Makes a new signing key pair for an asymmetric JWS algorithm (RS256, ES256, EdDSA). */
  generateKeyPair: (alg: 'RS256' | 'ES256' | 'EdDSA') => Promise<PemKeyPair>;
}

/**
 * Everything the four origins share, built once by startLab(). Nothing else
 * in the server is global, so tests build a context on a temp directory.
 */
export interface LabContext {
  config: ResolvedConfig;
  db: LabDatabase;
  clock: LabClock;
  toggles: ToggleRegistry;
  recorder: TrafficRecorder;
  mailer: LabMailer;
  settings: SettingsRepository;
  /** Seals the secrets the database keeps (key in the data dir's vault.key); see docs/SECURITY.md "Secrets at rest". */
  vault: Vault;
  users: UsersRepository;
  /** Pending MFA tickets and failed-login counters, shared by every lab's login. */
  loginState: LoginStateRepository;
  /** The general per-IP API limit's counters (the store @fastify/rate-limit counts in), on the lab clock. */
  generalLimit: GeneralLimitCounters;
  hasher: PasswordHasher;
  denyList: ReadonlySet<string>;
  dependencies: LabDependencies;
  /** Filled in once every listener is up. */
  origins: LabOrigins;
  /**
   * Resolves once first-start work is done (demo accounts hashed, the dummy
   * hash ready). Listeners start before it, so the ready line comes fast;
   * every request waits for it.
   */
  ready: Promise<void>;
  /** Background clean-up of expired rows: each lab adds its sweeps; they run on a timer and on clock jumps. */
  sweeper: LabSweeper;
  /** Every lab registers how to wipe its state; `POST /api/lab/reset` runs them all. */
  resetHandlers: Array<() => void>;
}
