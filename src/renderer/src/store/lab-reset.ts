import type { StoreApi } from 'zustand';

/** What one slice drops when the lab is reset: sessions, tokens, keys, runs the reset made stale. */
export type LabReset = () => void | Promise<void>;

const resetsOf = new WeakMap<StoreApi<unknown>, LabReset[]>();

/**
 * Every slice that holds server state registers its reset here, from its
 * creator (the store is the creator's third argument). "Reset lab" then runs
 * them all at once, so no page has to watch for a reset itself.
 */
export function onLabReset<S>(store: StoreApi<S>, reset: LabReset): void {
  const key = store as StoreApi<unknown>;
  resetsOf.set(key, [...(resetsOf.get(key) ?? []), reset]);
}

/** Runs every registered reset of that store, together. */
export async function runLabResets<S>(store: StoreApi<S>): Promise<void> {
  await Promise.all((resetsOf.get(store as StoreApi<unknown>) ?? []).map((reset) => reset()));
}
