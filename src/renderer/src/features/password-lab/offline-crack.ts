import type { CrackProgress } from '../../../../common/jwt-inspect/attacks';

const encoder = new TextEncoder();

const hex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

export interface CrackOutcome {
  word: string | null;
  tried: number;
  ms: number;
}

/**
 * The offline attack on a leaked users table: SHA-256 every word of a list
 * and compare with the stolen string. One hash per guess and no salt, so a
 * browser tab tries thousands a second and a GPU billions. Against a bcrypt
 * string it finds nothing, because the stored value is no SHA-256 of anything.
 */
export async function crackSha256(
  stolen: string,
  words: readonly string[],
  options: { onProgress?: (progress: CrackProgress) => void; batch?: number } = {},
): Promise<CrackOutcome> {
  const batch = options.batch ?? 250;
  const started = performance.now();
  for (let start = 0; start < words.length; start += batch) {
    const slice = words.slice(start, start + batch);
    const digests = await Promise.all(
      slice.map((word) => crypto.subtle.digest('SHA-256', encoder.encode(word.normalize('NFKC')))),
    );
    const hit = digests.findIndex((digest) => hex(digest) === stolen);
    if (hit >= 0) {
      options.onProgress?.({ tried: start + hit + 1, total: words.length });
      return { word: slice[hit]!, tried: start + hit + 1, ms: performance.now() - started };
    }
    options.onProgress?.({ tried: start + slice.length, total: words.length });
    // Yield to the page between batches, so the progress bar moves.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { word: null, tried: words.length, ms: performance.now() - started };
}

/** A duration in the largest unit that reads well: "340 ms", "12 minutes", "3,200 years". */
export function humanDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['years', 365.25 * 24 * 3600_000],
    ['days', 24 * 3600_000],
    ['hours', 3600_000],
    ['minutes', 60_000],
    ['seconds', 1000],
  ];
  for (const [name, size] of units) {
    if (ms >= size * 2) return `${Math.round(ms / size).toLocaleString('en')} ${name}`;
  }
  return `${Math.round(ms)} ms`;
}
