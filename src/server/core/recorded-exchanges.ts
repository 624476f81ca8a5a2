/**
 * Reading the recorder's exchanges (what a walkthrough's checks see): which
 * requests went where, and the fields they carried. Values are as the
 * recorder stored them: passwords and codes masked, credentials replaced by a
 * fingerprint that is the same wherever the same value went.
 */
import type { TrafficEntry } from '../../common/schemas/lab';

/** The path of a recorded URL (a path with a query, or an absolute URL). */
export const pathOf = (url: string) => new URL(url, 'http://lab.invalid').pathname;

/** The exchanges on one origin with this method and path, oldest first. */
export const exchangesTo = (
  exchanges: readonly TrafficEntry[],
  origin: TrafficEntry['origin'],
  method: string,
  path: string,
): TrafficEntry[] => exchanges.filter((e) => e.origin === origin && e.method === method && pathOf(e.url) === path);

/** The query parameters of a recorded URL or Location header. */
export const queryOf = (url: string) => new URL(url, 'http://lab.invalid').searchParams;

/** The parameters in a URL's fragment (`#access_token=…`), as the implicit grant sends them. */
export const fragmentOf = (url: string) => new URLSearchParams(url.split('#')[1] ?? '');

/** A recorded JSON body as an object, or an empty one. */
export function jsonOf(body: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body ?? '');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The fields of a recorded request body, as strings: JSON (a parsed form is stored as JSON too) or a form. */
export function fieldsOf(body: string | null): Record<string, string> {
  const json = jsonOf(body);
  const entries = Object.keys(json).length > 0 ? Object.entries(json) : [...new URLSearchParams(body ?? '')];
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** "METHOD /path → status", the line a step shows as its evidence. */
export const describeExchange = (e: TrafficEntry) => `${e.method} ${pathOf(e.url)} → ${e.status}`;
