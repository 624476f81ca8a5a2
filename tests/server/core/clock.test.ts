import { describe, expect, it } from 'vitest';
import { LabClock } from '../../../src/server/core/clock';

describe('LabClock', () => {
  const fixed = () => 1_700_000_000_000;

  it('reads real time plus the offset', () => {
    const clock = new LabClock(fixed);
    expect(clock.nowMs()).toBe(1_700_000_000_000);
    clock.advance(90_000);
    expect(clock.nowMs()).toBe(1_700_000_090_000);
    expect(clock.epochSeconds()).toBe(1_700_000_090);
    expect(clock.snapshot()).toEqual({ now: new Date(1_700_000_090_000).toISOString(), offsetMs: 90_000 });
  });

  it('accumulates advances and resets to real time', () => {
    const clock = new LabClock(fixed);
    clock.advance(1000);
    clock.advance(2000);
    expect(clock.offsetMs).toBe(3000);
    clock.reset();
    expect(clock.nowMs()).toBe(fixed());
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses to move by %s', (ms) => {
    const clock = new LabClock(fixed);
    expect(() => clock.advance(ms)).toThrow(RangeError);
    expect(clock.offsetMs).toBe(0);
  });
});
