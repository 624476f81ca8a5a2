import { performance } from 'node:perf_hooks';

/** The middle value (the upper middle for an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * Each task's median time in ms over `rounds` rounds, after one untimed warm-up
 * round. The tasks are interleaved (one of each per round, the order reversed
 * every other round), so a stall on a loaded machine hits them alike and the
 * median ignores it: the ratio of two results holds where an absolute time
 * would not.
 */
export async function interleavedMedians(tasks: Array<() => unknown>, rounds = 7): Promise<number[]> {
  for (const task of tasks) await task();
  const times = tasks.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    const order = tasks.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) {
      const started = performance.now();
      await tasks[i]!();
      times[i]!.push(performance.now() - started);
    }
  }
  return times.map(median);
}

/**
 * What one input `factor` times larger costs against `factor` inputs of the
 * small size, by interleaved medians. Both sides do the same linear work and
 * take about as long, so a loaded machine slows them alike: linear work gives
 * about 1 (a little more once the garbage collector works harder on large
 * strings), quadratic backtracking about `factor`.
 */
export async function growthBeyondLinear<T>(
  make: (scale: number) => T,
  run: (input: T) => unknown,
  factor: number,
): Promise<number> {
  const small = make(1);
  const large = make(factor);
  const [smallMs, largeMs] = await interleavedMedians([
    () => {
      for (let i = 0; i < factor; i++) run(small);
    },
    () => run(large),
  ]);
  return largeMs! / Math.max(smallMs!, 0.001);
}
