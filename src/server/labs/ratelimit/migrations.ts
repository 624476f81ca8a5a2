import type { Migration } from '../../db/migrations';

/** The rate-limit lab keeps its counters in core tables (login_failures) and in memory: no tables of its own. */
export const RATELIMIT_MIGRATIONS: readonly Migration[] = [];
