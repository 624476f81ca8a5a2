import type { WalkthroughAttempt } from '../../../common/schemas/attacks';
import { isoTime } from '../../../common/schemas/common';
import type { TrafficEntry } from '../../../common/schemas/lab';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { ATTACK_RUN_HEADER } from '../../core/scripted-browser';
import type { WalkthroughEvidence } from '../attack-kit';
import type { Catalogue, CatalogueAttack } from './catalogue';
import type { AttackProgressRepository, AttemptRepository, AttemptRow } from './repositories';

/** An attempt keeps at most this many exchanges in memory (the recorder keeps 2000 in all). */
const MAX_EXCHANGES = 2000;
const MAX_EVIDENCE_CHARS = 300;

/** An open attempt, in memory: the exchanges since it began and what the learner pasted (never stored). */
interface LiveAttempt {
  row: AttemptRow;
  exchanges: TrafficEntry[];
  pasted: Record<string, string>;
  /** Why a pasted value did not satisfy its step yet, by step id. */
  refused: Record<string, string>;
}

/**
 * Evidence is shown and stored: one line, and a token-shaped value (a JWT,
 * a long random string) cut to its first characters, so no usable secret
 * lands in the database.
 */
export function oneLineEvidence(text: string): string {
  const line = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\beyJ[\w-]*\.[\w-]*\.?[\w-]*/g, (jwt) => `${jwt.slice(0, 12)}…`)
    .replace(/[A-Za-z0-9_-]{32,}/g, (value) => `${value.slice(0, 8)}…`);
  return line.length > MAX_EVIDENCE_CHARS ? `${line.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : line;
}

/**
 * The hands-on walkthroughs, checked live. While at least one attempt is
 * open the module listens to the recorder; each new exchange is queued for
 * the open attempts and their checks run once, off the request's path. With
 * no attempt open nothing listens, so no request pays for it. A step once
 * seen stays done; the goal's answer, with the defence state the attempt
 * began with, marks the learner's progress.
 */
export class WalkthroughAttempts {
  private readonly live = new Map<string, LiveAttempt>();
  private unsubscribe: (() => void) | null = null;
  private scheduled = false;

  constructor(
    private readonly ctx: LabContext,
    private readonly catalogue: Catalogue,
    private readonly attempts: AttemptRepository,
    private readonly progress: AttackProgressRepository,
    /** True while the server runs an attack itself: its traffic and toggle flips are not the learner's. */
    private readonly serverBusy: () => boolean,
  ) {
    // Attempts left open by the last run pick up where they were, from the recorded traffic.
    for (const row of attempts.open()) {
      this.live.set(row.attackId, { row, exchanges: this.exchangesAfter(row.startTrafficId), pasted: {}, refused: {} });
    }
    this.listen();
    if (this.live.size > 0) this.schedule();
    ctx.toggles.onChange(() => this.onTogglesChanged());
  }

  /** Starts (or starts again) the learner's attempt at an attack; not while the server runs one (its toggles are flipped). */
  start(id: string): WalkthroughAttempt {
    const entry = this.catalogue.find(id);
    this.catalogue.walkthrough(entry);
    if (this.serverBusy()) {
      throw new LabError(
        409,
        'attack_run_busy',
        'An attack run or the self-check is under way; start the attempt when it is done.',
        { id },
      );
    }
    this.restart(entry, null);
    return this.view(id);
  }

  view(id: string): WalkthroughAttempt {
    const entry = this.catalogue.find(id);
    const { declaration } = this.catalogue.walkthrough(entry);
    const row = this.attempts.find(id);
    if (!row) throw new LabError(404, 'no_attempt', `No attempt at "${entry.attack.title}" has been started.`, { id });
    const refused = this.live.get(id)?.refused ?? {};
    return {
      attackId: id,
      startedAt: isoTime(row.startedAt),
      defence: row.defenceOn ? 'on' : 'off',
      steps: declaration.steps.map((step) => ({
        id: step.id,
        done: step.id in row.steps,
        evidence: row.steps[step.id] ?? refused[step.id] ?? null,
      })),
      result: row.result,
      note: row.note,
    };
  }

  /** Keeps a pasted value (in memory only) for a step that asks for one, and checks the attempt again. */
  paste(id: string, stepId: string, value: string): WalkthroughAttempt {
    const entry = this.catalogue.find(id);
    const { declaration } = this.catalogue.walkthrough(entry);
    const step = declaration.steps.find((s) => s.id === stepId);
    if (!step) throw new LabError(400, 'unknown_step', `The walkthrough has no step "${stepId}".`, { step: stepId });
    if (!step.paste) {
      throw new LabError(400, 'not_a_paste_step', `Step "${stepId}" is checked from what happened, not from a paste.`, {
        step: stepId,
      });
    }
    const live = this.live.get(id);
    if (!live) {
      const row = this.attempts.find(id);
      if (!row) throw new LabError(404, 'no_attempt', `Start an attempt at "${entry.attack.title}" first.`, { id });
      throw new LabError(409, 'attempt_finished', 'This attempt is finished; start it again to paste.', { id });
    }
    live.pasted[stepId] = value;
    this.evaluate(live);
    return this.view(id);
  }

  /** Reset lab empties the recorder: open attempts start again from the empty traffic list. */
  restartOpen(): void {
    for (const live of [...this.live.values()]) {
      const entry = this.catalogue.attacks().find((a) => a.attack.id === live.row.attackId);
      if (entry) this.restart(entry, 'The lab was reset: the attempt started again.');
    }
  }

  /** Reset progress: every attempt goes too. */
  clear(): void {
    this.attempts.clear();
    this.live.clear();
    this.listen();
  }

  private restart(entry: CatalogueAttack, note: string | null): void {
    const row: AttemptRow = {
      attackId: entry.attack.id,
      startedAt: this.ctx.clock.nowMs(),
      defenceOn: this.catalogue.defenceOn(entry),
      startTrafficId: this.lastTrafficId(),
      steps: {},
      result: null,
      note,
    };
    this.attempts.save(row);
    this.live.set(row.attackId, { row, exchanges: [], pasted: {}, refused: {} });
    this.listen();
  }

  /** After a run: an attempt whose defences are not what it began with starts again with the real state. */
  resync(): void {
    this.onTogglesChanged();
  }

  /** A change of an attack's defences starts its attempt again, with the new state. */
  private onTogglesChanged(): void {
    if (this.serverBusy()) return;
    for (const row of this.attempts.all()) {
      const entry = this.catalogue.attacks().find((a) => a.attack.id === row.attackId);
      if (!entry) continue;
      const on = this.catalogue.defenceOn(entry);
      if (on === row.defenceOn) continue;
      this.restart(
        entry,
        `The defence was switched ${on ? 'on' : 'off'}: the attempt started again with it ${on ? 'on' : 'off'}.`,
      );
    }
  }

  /** Listens to the recorder exactly while an attempt is open. */
  private listen(): void {
    if (this.live.size > 0 && !this.unsubscribe) {
      this.unsubscribe = this.ctx.recorder.subscribe((entry) => this.onExchange(entry));
    } else if (this.live.size === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }

  private onExchange(entry: TrafficEntry): void {
    if (this.serverBusy() || fromAttackRun(entry)) return;
    for (const live of this.live.values()) {
      live.exchanges.push(entry);
      if (live.exchanges.length > MAX_EXCHANGES) live.exchanges.splice(0, live.exchanges.length - MAX_EXCHANGES);
    }
    this.schedule();
  }

  /** One evaluation of every open attempt after a burst of exchanges, once the requests are answered. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.ctx.db.open) return;
      for (const live of [...this.live.values()]) {
        // Off the request's path, nothing may throw: a failed write leaves the attempt for the next exchange.
        try {
          this.evaluate(live);
        } catch {
          /* the next exchange tries again */
        }
      }
    });
  }

  private evaluate(live: LiveAttempt): void {
    const entry = this.catalogue.attacks().find((a) => a.attack.id === live.row.attackId);
    if (!entry?.attack.walkthrough) return;
    const checks = entry.module.attacks?.walkthroughs?.[entry.attack.id];
    if (!checks) return;
    const { row } = live;
    const evidence: WalkthroughEvidence = {
      ctx: this.ctx,
      exchanges: live.exchanges,
      pasted: live.pasted,
      defenceOn: row.defenceOn,
    };
    let changed = false;
    for (const step of entry.attack.walkthrough.steps) {
      if (step.id in row.steps) continue;
      const seen = attempt(() => checks.steps[step.id]?.(evidence) ?? null);
      if (seen) {
        row.steps[step.id] = oneLineEvidence(seen);
        delete live.refused[step.id];
        changed = true;
      } else if (step.paste && step.id in live.pasted) {
        live.refused[step.id] = 'The pasted value does not satisfy this step (yet).';
      }
    }
    const goal = attempt(() => checks.goal(evidence));
    const verdict = this.verdict(goal, row.defenceOn);
    if (verdict.note !== row.note && verdict.note !== undefined) {
      row.note = verdict.note;
      changed = true;
    }
    if (verdict.result) {
      row.result = verdict.result;
      this.progress.mark(row.attackId, verdict.result, this.ctx.clock.nowMs());
      this.live.delete(row.attackId);
      this.listen();
      changed = true;
    }
    if (changed) this.attempts.save(row);
  }

  /** Exploited counts only with the defence off, blocked only with it on; anything else leaves the attempt open. */
  private verdict(
    goal: 'succeeded' | 'refused' | null,
    defenceOn: boolean,
  ): { result?: 'exploited' | 'blocked'; note?: string | null } {
    if (goal === 'succeeded' && !defenceOn)
      return { result: 'exploited', note: 'The goal was reached with the defence off.' };
    if (goal === 'refused' && defenceOn)
      return { result: 'blocked', note: 'The same attempt was refused with the defence on.' };
    if (goal === 'succeeded') {
      return {
        note: 'The goal was reached although the defence was on: check the toggle; this does not count as blocked.',
      };
    }
    if (goal === 'refused') {
      return { note: 'The attempt was refused although the defence was off: look at the steps again; it stays open.' };
    }
    return {};
  }

  private exchangesAfter(id: number): TrafficEntry[] {
    return this.ctx.recorder.list({ afterId: id, limit: MAX_EXCHANGES }).filter((entry) => !fromAttackRun(entry));
  }

  /** The id of the newest recorded exchange (0 when none): the attempt counts what comes after it. */
  private lastTrafficId(): number {
    return this.ctx.recorder.list({ limit: 1 }).at(-1)?.id ?? 0;
  }
}

/** An exchange of the server's own attack run, not the learner's. */
const fromAttackRun = (entry: TrafficEntry) => ATTACK_RUN_HEADER in entry.requestHeaders;

/** A check that throws counts as "not seen": a broken check must not break the page. */
function attempt<T>(check: () => T): T | null {
  try {
    return check();
  } catch {
    return null;
  }
}
