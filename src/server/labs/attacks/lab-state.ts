import type { LabContext } from '../../core/context';
import type { LabSnapshot } from './runs';

/**
 * What every lab's logins share and an attack run leaves behind: failed-login
 * counters (a brute force fills them) and the general per-IP API limit's
 * windows. The self-check notes both before it starts and puts them back
 * after each attack, so each attack starts from the learner's lab, and the
 * learner is not throttled afterwards for what the self-check did.
 */
export function sharedLoginState(ctx: LabContext): LabSnapshot[] {
  return [
    {
      name: 'failed-login counters',
      take: () => {
        const rows = ctx.db.prepare('SELECT key, count, window_start FROM login_failures').all() as Array<{
          key: string;
          count: number;
          window_start: number;
        }>;
        return ctx.db.transaction(() => {
          ctx.db.prepare('DELETE FROM login_failures').run();
          const insert = ctx.db.prepare('INSERT INTO login_failures (key, count, window_start) VALUES (?, ?, ?)');
          for (const r of rows) insert.run(r.key, r.count, r.window_start);
        });
      },
    },
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
