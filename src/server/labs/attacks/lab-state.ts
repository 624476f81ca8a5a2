import type { LabContext } from '../../core/context';
import type { LabSnapshot } from './runs';

/**
 * What every lab's logins share and an attack run leaves behind: failed-login
 * counters (a brute force fills them) and the general per-IP API limit's
 * windows. The self-check notes both before it starts and puts them back
 * after each attack, so each attack starts from the learner's lab, and the
 * learner is not throttled afterwards for what the self-check did.
 */
/** A whole small table, every column, put back as it was. */
function tableSnapshot(ctx: LabContext, name: string, table: string): LabSnapshot {
  return {
    name,
    take: () => {
      const rows = ctx.db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
      return ctx.db.transaction(() => {
        ctx.db.prepare(`DELETE FROM ${table}`).run();
        for (const row of rows) {
          const columns = Object.keys(row);
          ctx.db
            .prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`)
            .run(row);
        }
      });
    },
  };
}

export function sharedLoginState(ctx: LabContext): LabSnapshot[] {
  return [
    tableSnapshot(ctx, 'failed-login counters', 'login_failures'),
    // An address the owner signed in from is never slowed: a run's sign-ins must not make one known.
    tableSnapshot(ctx, 'known sign-in addresses', 'login_known_sources'),
    {
      name: 'general API limit',
      take: () => {
        const before = new Map(ctx.generalLimit.live().map((w) => [w.key, { ...w }]));
        return () => {
          for (const now of ctx.generalLimit.live()) {
            const was = before.get(now.key);
            if (!was || was.windowStart !== now.windowStart) ctx.generalLimit.delete(now.key);
            else if (now.count > was.count) ctx.generalLimit.giveBack(now.key, now.count - was.count);
          }
        };
      },
    },
  ];
}
