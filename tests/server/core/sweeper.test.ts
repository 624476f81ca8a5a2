import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabClock } from '../../../src/server/core/clock';
import { LabSweeper, SWEEP_EVERY_MS } from '../../../src/server/core/sweeper';

describe('LabSweeper', () => {
  afterEach(() => vi.useRealTimers());

  it('runs every sweep at start and then on its timer, never by itself otherwise', () => {
    vi.useFakeTimers();
    const sweeper = new LabSweeper(new LabClock());
    const sweep = vi.fn();
    sweeper.add('rows', sweep);
    sweeper.start();
    expect(sweep).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(SWEEP_EVERY_MS - 1);
    expect(sweep).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(sweep).toHaveBeenCalledTimes(2);
    sweeper.stop();
    vi.advanceTimersByTime(10 * SWEEP_EVERY_MS);
    expect(sweep).toHaveBeenCalledTimes(2);
  });

  it('on a lab-clock jump runs only the sweeps that asked for it', () => {
    const clock = new LabClock();
    const sweeper = new LabSweeper(clock);
    const visible = vi.fn();
    const bookkeeping = vi.fn();
    sweeper.add('sessions', visible);
    sweeper.add('denylist', bookkeeping, { onClockJump: true });
    sweeper.start();
    clock.advance(60_000);
    clock.reset();
    expect([visible.mock.calls.length, bookkeeping.mock.calls.length]).toEqual([1, 3]);
    sweeper.stop();
    clock.advance(1);
    expect(bookkeeping).toHaveBeenCalledTimes(3);
  });

  it('reports a failing sweep and still runs the others', () => {
    const sweeper = new LabSweeper(new LabClock());
    const after = vi.fn();
    const errors: string[] = [];
    sweeper.add('broken', () => {
      throw new Error('disk full');
    });
    sweeper.add('after', after);
    sweeper.runAll((name) => errors.push(name));
    expect(errors).toEqual(['broken']);
    expect(after).toHaveBeenCalledOnce();
  });
});
