import type { LabDatabase } from '../../db/open';

export interface ProgressRow {
  exploitedAt: number | null;
  blockedAt: number | null;
}

/** One stored walkthrough attempt (pasted values are never stored: they live in memory only). */
export interface AttemptRow {
  attackId: string;
  startedAt: number;
  defenceOn: boolean;
  startTrafficId: number;
  /** Evidence of each step seen done, by step id. */
  steps: Record<string, string>;
  result: 'exploited' | 'blocked' | null;
  note: string | null;
}

interface RawAttempt {
  attack_id: string;
  started_at: number;
  defence_on: number;
  start_traffic_id: number;
  steps: string;
  result: 'exploited' | 'blocked' | null;
  note: string | null;
}

const fromRaw = (r: RawAttempt): AttemptRow => ({
  attackId: r.attack_id,
  startedAt: r.started_at,
  defenceOn: r.defence_on === 1,
  startTrafficId: r.start_traffic_id,
  steps: JSON.parse(r.steps) as Record<string, string>,
  result: r.result,
  note: r.note,
});

/** The learner's progress per attack: first exploited, first blocked. */
export class AttackProgressRepository {
  private readonly s;

  constructor(db: LabDatabase) {
    this.s = {
      all: db.prepare('SELECT attack_id, exploited_at, blocked_at FROM attack_progress'),
      // The first time counts: a later success does not move it.
      exploited: db.prepare(
        `INSERT INTO attack_progress (attack_id, exploited_at) VALUES (?, ?)
         ON CONFLICT (attack_id) DO UPDATE SET exploited_at = COALESCE(exploited_at, excluded.exploited_at)`,
      ),
      blocked: db.prepare(
        `INSERT INTO attack_progress (attack_id, blocked_at) VALUES (?, ?)
         ON CONFLICT (attack_id) DO UPDATE SET blocked_at = COALESCE(blocked_at, excluded.blocked_at)`,
      ),
      clear: db.prepare('DELETE FROM attack_progress'),
    };
  }

  all(): Map<string, ProgressRow> {
    const rows = this.s.all.all() as Array<{
      attack_id: string;
      exploited_at: number | null;
      blocked_at: number | null;
    }>;
    return new Map(rows.map((r) => [r.attack_id, { exploitedAt: r.exploited_at, blockedAt: r.blocked_at }]));
  }

  mark(attackId: string, result: 'exploited' | 'blocked', atMs: number): void {
    (result === 'exploited' ? this.s.exploited : this.s.blocked).run(attackId, atMs);
  }

  clear(): void {
    this.s.clear.run();
  }
}

/** The walkthrough attempts, one per attack. */
export class AttemptRepository {
  private readonly s;

  constructor(db: LabDatabase) {
    this.s = {
      find: db.prepare('SELECT * FROM attack_attempts WHERE attack_id = ?'),
      open: db.prepare('SELECT * FROM attack_attempts WHERE result IS NULL'),
      all: db.prepare('SELECT * FROM attack_attempts'),
      save: db.prepare(
        `INSERT OR REPLACE INTO attack_attempts (attack_id, started_at, defence_on, start_traffic_id, steps, result, note)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      clear: db.prepare('DELETE FROM attack_attempts'),
    };
  }

  find(attackId: string): AttemptRow | undefined {
    const row = this.s.find.get(attackId) as RawAttempt | undefined;
    return row && fromRaw(row);
  }

  /** The attempts whose goal has not been reached yet. */
  open(): AttemptRow[] {
    return (this.s.open.all() as RawAttempt[]).map(fromRaw);
  }

  all(): AttemptRow[] {
    return (this.s.all.all() as RawAttempt[]).map(fromRaw);
  }

  save(a: AttemptRow): void {
    this.s.save.run(
      a.attackId,
      a.startedAt,
      a.defenceOn ? 1 : 0,
      a.startTrafficId,
      JSON.stringify(a.steps),
      a.result,
      a.note,
    );
  }

  clear(): void {
    this.s.clear.run();
  }
}
