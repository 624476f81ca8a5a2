import type { LabContext } from '../core/context';
import { CORE_MIGRATIONS, collectMigrations } from '../db/migrations';
import { createAttacksLab } from './attacks';
import { ATTACKS_MIGRATIONS } from './attacks/migrations';
import { createDrillsLab } from './drills';
import { DRILLS_MIGRATIONS } from './drills/migrations';
import { createJwtLab } from './jwt';
import { JWT_MIGRATIONS } from './jwt/migrations';
import type { LabModule } from './lab-module';
import { createMfaLab } from './mfa';
import { MFA_MIGRATIONS } from './mfa/migrations';
import { createOAuthLab } from './oauth';
import { OAUTH_MIGRATIONS } from './oauth/migrations';
import { createPasswordLab } from './password';
import { PASSWORD_MIGRATIONS } from './password/migrations';
import { createRateLimitLab } from './ratelimit';
import { RATELIMIT_MIGRATIONS } from './ratelimit/migrations';
import { createSessionLab } from './session';
import { SESSION_MIGRATIONS } from './session/migrations';

/**
 * Every lab of the server, built once on the shared context, in order: the
 * one list start.ts, the origins, the OpenAPI document and the tests read.
 * Resets, sweeps and routes are registered in this order. A new lab adds one
 * line here (and its schema steps to LAB_MIGRATIONS below).
 */
export function createLabs(ctx: LabContext) {
  const drills = createDrillsLab(ctx);
  const session = createSessionLab(ctx);
  const jwt = createJwtLab(ctx);
  // The MFA and password routes take either login: the JWT lab checks bearer tokens, the session lab's store session ids.
  const logins = { verifyAccessToken: (token: string) => jwt.access.verify(token), sessions: session.store };
  const labs = {
    drills,
    session,
    jwt,
    mfa: createMfaLab(ctx, logins),
    oauth: createOAuthLab(ctx),
    password: createPasswordLab(ctx, logins),
    ratelimit: createRateLimitLab(ctx),
  } satisfies Record<string, LabModule>;
  // The catalogue reads every other lab's declaration and attacks; the self-check puts the JWT key ring back.
  const snapshots = [{ name: 'jwt signing keys', take: () => jwt.keys.snapshot() }];
  return { ...labs, attacks: createAttacksLab(ctx, Object.values(labs), snapshots) };
}

/** Every lab of this run, by name. */
export type Labs = ReturnType<typeof createLabs>;

/**
 * Each lab's schema steps, by lab. They are needed before any lab is built
 * (the database opens first); each lab's module carries the same list, and
 * the lab-registry test checks the two agree. Typed by the lab list, so a lab
 * missing here does not compile.
 */
export const LAB_MIGRATIONS = {
  drills: DRILLS_MIGRATIONS,
  session: SESSION_MIGRATIONS,
  jwt: JWT_MIGRATIONS,
  mfa: MFA_MIGRATIONS,
  oauth: OAUTH_MIGRATIONS,
  password: PASSWORD_MIGRATIONS,
  ratelimit: RATELIMIT_MIGRATIONS,
  attacks: ATTACKS_MIGRATIONS,
} satisfies Record<keyof Labs, LabModule['migrations']>;

/** Every schema step, core and each lab's, sorted by version and checked for a version used twice. */
export const MIGRATIONS = collectMigrations(CORE_MIGRATIONS, ...Object.values(LAB_MIGRATIONS));
