import type { LabClock } from './clock';

/** How often expired rows are swept in real time. */
export const SWEEP_EVERY_MS = 60_000;

/**
 * The lab's background clean-up. Each lab adds the sweeps of its own tables
 * (expired sessions, deny-list rows past their token's exp, retired keys);
 * they run on a timer and whenever the lab clock jumps, never inside a
 * request, so no request pays for a DELETE over a whole table.
 */
export class LabSweeper {
  private readonly sweeps = new Map<string, { sweep: () => void; onClockJump: boolean }>();
  private timer: NodeJS.Timeout | undefined;
  private stopClock: (() => void) | undefined;

  constructor(private readonly clock: LabClock) {}

  /**
   * `onClockJump`: also sweep right after the lab clock moves. Leave it off
   * where the lab shows expired rows to the learner (a session the page
   * reports as "idle" until the timer sweeps it).
   */
  add(name: string, sweep: () => void, options: { onClockJump?: boolean } = {}): void {
    this.sweeps.set(name, { sweep, onClockJump: options.onClockJump ?? false });
  }

  /** Runs the sweeps now. A failing sweep is reported and does not stop the others. */
  runAll(onError: (name: string, error: unknown) => void = () => undefined, clockJump = false): void {
    for (const [name, { sweep, onClockJump }] of this.sweeps) {
      if (clockJump && !onClockJump) continue;
      try {
        sweep();
      } catch (error) {
        onError(name, error);
      }
    }
  }

  start(onError?: (name: string, error: unknown) => void): void {
    if (this.timer) return;
    this.runAll(onError);
    this.timer = setInterval(() => this.runAll(onError), SWEEP_EVERY_MS);
    this.timer.unref();
    this.stopClock = this.clock.onChange(() => this.runAll(onError, true));
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopClock?.();
    this.stopClock = undefined;
  }
}
