import type { LabOrigins } from '../../common/api';
import type { PasswordHasher } from '../crypto/password-hasher';
import type { LabDatabase } from '../db/open';
import type { SettingsRepository } from '../db/settings';
import type { UsersRepository } from '../db/users';
import type { LabClock } from './clock';
import type { ResolvedConfig } from './config';
import type { LabMailer } from './mailer';
import type { TrafficRecorder } from './recorder';
import type { ToggleRegistry } from './toggles';

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
  users: UsersRepository;
  hasher: PasswordHasher;
  denyList: ReadonlySet<string>;
  /** Filled in once every listener is up. */
  origins: LabOrigins;
  /**
   * Resolves once first-start work is done (demo accounts hashed, the dummy
   * hash ready). Listeners start before it, so the ready line comes fast;
   * every request waits for it.
   */
  ready: Promise<void>;
  /** Every lab registers how to wipe its state; `POST /api/lab/reset` runs them all. */
  resetHandlers: Array<() => void>;
}
