import type { AttackRunResult, SelfCheckEvent } from '../../../common/schemas/attacks';
import { TOGGLE_NAMES, type ToggleState } from '../../../common/toggles';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { ATTACK_RUN_HEADER, ScriptedBrowser } from '../../core/scripted-browser';
import type { ServerAttack } from '../attack-kit';
import type { Catalogue, CatalogueAttack } from './catalogue';

type Defence = 'on' | 'off';

/**
 * Lab state an attack may change besides the toggles and the clock (the JWT
 * signing keys, for one). `take` notes it and returns how to put it back.
 */
export interface LabSnapshot {
  name: string;
  take: () => () => void;
}

/** A self-check under way: stop it, or wait for it to end. */
export interface SelfCheckRun {
  stop: () => void;
  finished: Promise<void>;
}

/**
 * A run that has not answered within `runMs` has failed: it is told to stop
 * and has `graceMs` to end before the toggles, the clock and the snapshots go
 * back and the next run may start.
 */
export interface RunTiming {
  runMs: number;
  graceMs: number;
}

const RUN_TIMING: RunTiming = { runMs: 60_000, graceMs: 5_000 };

/** A run's last exchange is recorded as its response finishes: one turn of the event loop later, it is. */
const lastExchangesRecorded = () => new Promise<void>((resolve) => setImmediate(resolve));

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The server's runs of the attacks: one attack with its defence on or off
 * ("Show me"), and the self-check of every defence. Both switch toggles for
 * the run only and put them back; neither marks the learner's progress. Runs
 * go one at a time, so two runs never fight over the same toggles.
 */
export class AttackRuns {
  private queue: Promise<unknown> = Promise.resolve();
  private check: AbortController | null = null;
  /** Runs under way: their exchanges and toggle flips belong to no walkthrough attempt. */
  private active = 0;
  private readonly idleListeners: Array<() => void> = [];
  /** How long a run may take; a test shortens it. */
  readonly timing: RunTiming = { ...RUN_TIMING };

  constructor(
    private readonly ctx: LabContext,
    private readonly catalogue: Catalogue,
    private readonly snapshots: readonly LabSnapshot[],
  ) {}

  /** True while the server itself is attacking (a run or the self-check). */
  get busy(): boolean {
    return this.active > 0;
  }

  /** Called each time the last run under way has ended and everything is put back. */
  onIdle(listener: () => void): void {
    this.idleListeners.push(listener);
  }

  get selfCheckRunning(): boolean {
    return this.check !== null;
  }

  /** A self-check runs and was asked to stop (the run under way is told to stop; then everything goes back). */
  get selfCheckStopping(): boolean {
    return this.check?.signal.aborted ?? false;
  }

  /** One attack with its defences switched to `defence`; those toggles and the clock are put back after. */
  async runOne(id: string, defence: Defence): Promise<AttackRunResult> {
    const entry = this.catalogue.find(id);
    const runner = this.catalogue.runner(entry);
    if (this.check) throw selfCheckRunning();
    return this.exclusive(async () => {
      const state: Record<string, boolean> = this.toggleState();
      const before = Object.fromEntries(entry.attack.defeats.map((name) => [name, state[name]]));
      const offset = this.ctx.clock.offsetMs;
      const snapshots = this.takeSnapshots();
      this.active++;
      try {
        this.ctx.toggles.update(Object.fromEntries(entry.attack.defeats.map((name) => [name, defence === 'on'])));
        return await this.perform(entry, runner, defence, new AbortController().signal);
      } catch (error) {
        if (error instanceof LabError) throw error;
        throw new LabError(500, 'attack_run_failed', `The run of "${entry.attack.title}" failed: ${messageOf(error)}`);
      } finally {
        putBack([() => this.ctx.toggles.update(before), () => this.setClockOffset(offset), snapshots]);
        await lastExchangesRecorded();
        this.release();
      }
    });
  }

  /**
   * Starts the self-check: for each attack the server can run, only its
   * toggles off, run; every toggle on, run. Then every toggle, the clock and
   * the lab snapshots go back to what they were, also when stopped or failing.
   */
  startSelfCheck(emit: (event: SelfCheckEvent) => void): SelfCheckRun {
    if (this.check) throw selfCheckRunning();
    const controller = new AbortController();
    this.check = controller;
    const finished = this.exclusive(() => this.selfCheck(emit, controller.signal)).finally(() => {
      this.check = null;
    });
    return { stop: () => controller.abort(), finished };
  }

  /** Stops the self-check under way; false when none is. */
  stop(): boolean {
    if (!this.check) return false;
    this.check.abort();
    return true;
  }

  private async selfCheck(emit: (event: SelfCheckEvent) => void, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const toggles = this.toggleState();
    const offset = this.ctx.clock.offsetMs;
    let restored = true;
    // The lab snapshots go back after every attack, so each starts from the learner's lab.
    const snapshots = this.takeSnapshots();
    this.active++;
    try {
      const attacks = this.catalogue.attacks();
      emit({ type: 'start', total: attacks.length });
      for (const [index, entry] of attacks.entries()) {
        if (signal.aborted) break;
        const row = await this.checkRow(entry, signal);
        restored = putBack([snapshots]) && restored;
        if (row === null) break;
        emit({ type: 'row', index, id: entry.attack.id, ...row });
      }
    } finally {
      restored =
        putBack([() => this.ctx.toggles.update(toggles), () => this.setClockOffset(offset), snapshots]) && restored;
      await lastExchangesRecorded();
      this.release();
    }
    emit({ type: 'done', stopped: signal.aborted, restored, durationMs: Math.round(performance.now() - started) });
  }

  /** One row of the self-check; null when it was stopped before the row was complete. */
  private async checkRow(entry: CatalogueAttack, signal: AbortSignal) {
    const skipped = (reason: string) => ({
      offExploited: false,
      onBlocked: false,
      skipped: reason,
      off: null,
      on: null,
    });
    const why = this.catalogue.whyNoRunner(entry);
    if (why) return skipped(why.reason);
    const runner = this.catalogue.runner(entry);
    const offset = this.ctx.clock.offsetMs;
    try {
      const defeats = new Set<string>(entry.attack.defeats);
      this.ctx.toggles.update(Object.fromEntries(TOGGLE_NAMES.map((name) => [name, !defeats.has(name)])));
      const off = await this.perform(entry, runner, 'off', signal);
      if (signal.aborted) return null;
      this.setClockOffset(offset);
      this.ctx.toggles.update(Object.fromEntries(TOGGLE_NAMES.map((name) => [name, true])));
      const on = await this.perform(entry, runner, 'on', signal);
      if (signal.aborted) return null;
      return {
        offExploited: off.outcome === 'succeeded',
        onBlocked: on.outcome === 'blocked',
        skipped: null,
        off,
        on,
      };
    } catch (error) {
      if (signal.aborted) return null;
      return skipped(`The run failed: ${messageOf(error)}`);
    } finally {
      this.setClockOffset(offset);
    }
  }

  private async perform(
    entry: CatalogueAttack,
    runner: ServerAttack,
    defence: Defence,
    signal: AbortSignal,
  ): Promise<AttackRunResult> {
    const started = performance.now();
    const steps: string[] = [];
    const fetchImpl = this.ctx.dependencies.fetch;
    // Each run has its own signal: a stop of the self-check or the timeout tells the runner to give up.
    const run = new AbortController();
    const stop = () => run.abort();
    if (signal.aborted) run.abort();
    else signal.addEventListener('abort', stop, { once: true });
    const running = runner.run({
      ctx: this.ctx,
      // A fresh browser per party: its own cookie jar, real HTTP to the real origins.
      // Tagged, so no walkthrough attempt takes this traffic for the learner's.
      browser: () => new ScriptedBrowser(fetchImpl, { [ATTACK_RUN_HEADER]: '1' }),
      say: (step) => steps.push(step),
      signal: run.signal,
    });
    let timer: NodeJS.Timeout | undefined;
    const tooLong = new Promise<never>((_resolve, reject) => {
      const seconds = this.timing.runMs / 1000;
      timer = setTimeout(() => reject(new Error(`no answer within ${seconds} s`)), this.timing.runMs);
    });
    try {
      const { succeeded, summary } = await Promise.race([running, tooLong]);
      return {
        id: entry.attack.id,
        defence,
        outcome: succeeded ? 'succeeded' : 'blocked',
        summary,
        steps,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      // A runner still going is told to stop and given a short while to end, so it never overlaps what comes next.
      run.abort();
      await settledWithin(running, this.timing.graceMs);
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }

  /**
   * Notes every lab snapshot (failed-login counters, known sign-in addresses,
   * the general limit, the JWT key ring); the function returned puts them
   * back, each one even if one before it throws.
   */
  private takeSnapshots(): () => void {
    const restores = this.snapshots.map((snapshot) => snapshot.take()).reverse();
    return () => {
      if (!putBack(restores)) throw new Error('a lab snapshot could not be put back');
    };
  }

  private release(): void {
    this.active--;
    if (this.active > 0) return;
    for (const listener of this.idleListeners) listener();
  }

  private toggleState(): ToggleState {
    return this.ctx.toggles.all();
  }

  /** The lab clock only moves forward or back to real time: back first, then forward to the offset. */
  private setClockOffset(offset: number): void {
    if (this.ctx.clock.offsetMs === offset) return;
    this.ctx.clock.reset();
    if (offset > 0) this.ctx.clock.advance(offset);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Waits until `work` has ended (answered or failed), at most `ms`. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([work.then(noop, noop), waited]);
  clearTimeout(timer);
}

const noop = () => undefined;

/** Runs every step even if one before it throws; false when one did. */
function putBack(steps: ReadonlyArray<() => void>): boolean {
  let restored = true;
  for (const step of steps) {
    try {
      step();
    } catch {
      restored = false;
    }
  }
  return restored;
}

const selfCheckRunning = () =>
  new LabError(409, 'self_check_running', 'The self-check is running; wait for it or stop it first.');
