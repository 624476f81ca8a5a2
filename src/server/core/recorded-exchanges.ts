import type { TrafficEntry } from '../../common/schemas/lab';
import type { JsonAnswer } from './scripted-browser';

/**
 * Reading the recorder's exchanges, as the attack catalogue's walkthrough
 * checks do: which requests went to a route, and what their JSON bodies said
 * (already masked as the recorder masks: passwords and codes hidden, tokens
 * and tickets as fingerprints, so one value can be followed between exchanges).
 */

/** The exchanges of one route (method and path, query ignored), oldest first. */
export function exchangesTo(exchanges: readonly TrafficEntry[], method: string, path: string): TrafficEntry[] {
  return exchanges.filter((e) => e.method === method && e.url.split('?')[0] === path);
}

/** A recorded JSON body as an object; an empty object when it is not JSON (or not an object). */
export function jsonOf(text: string | null): JsonAnswer {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as JsonAnswer) : {};
  } catch {
    return {};
  }
}

/** The email a request body names, trimmed and lower-cased as the routes read it; '' when none. */
export const emailOf = (entry: TrafficEntry): string =>
  String(jsonOf(entry.requestBody).email ?? '')
    .trim()
    .toLowerCase();
