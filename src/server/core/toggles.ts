import { TOGGLES, TOGGLE_NAMES, isToggleName, type ToggleName, type ToggleState } from '../../common/toggles';
import type { SettingsRepository } from '../db/settings';
import { LabError } from './errors';

const SETTINGS_KEY = 'toggles';

/**
 * The secure/vulnerable switches. All default to on; changes persist in the
 * lab database so a restart does not silently change what a lesson shows.
 */
export class ToggleRegistry {
  private state: ToggleState;
  private readonly listeners = new Set<(state: ToggleState) => void>();

  constructor(private readonly settings: SettingsRepository) {
    const saved = { ...settings.get<Record<string, unknown>>(SETTINGS_KEY) };
    // A lab saved before a toggle was renamed keeps its state: the old name meant the same (on = defence on).
    const renamed = TOGGLES.filter((t) => t.renamedFrom && t.renamedFrom in saved && !(t.name in saved));
    for (const toggle of renamed) saved[toggle.name] = saved[toggle.renamedFrom!];
    this.state = Object.fromEntries(
      TOGGLE_NAMES.map((name) => [name, saved[name] === false ? false : true]),
    ) as ToggleState;
    if (renamed.length > 0) settings.set(SETTINGS_KEY, this.state);
  }

  /** True when the defence is on. */
  isOn(name: ToggleName): boolean {
    return this.state[name];
  }

  all(): ToggleState {
    return { ...this.state };
  }

  /** Applies a partial update atomically: one unknown name or non-boolean rejects the whole change. */
  update(changes: Record<string, unknown>): ToggleState {
    for (const [name, value] of Object.entries(changes)) {
      if (!isToggleName(name)) {
        throw new LabError(400, 'unknown_toggle', `There is no toggle named "${name}".`, { toggle: name });
      }
      if (typeof value !== 'boolean') {
        throw new LabError(400, 'invalid_request', `Toggle "${name}" must be true or false.`, { toggle: name });
      }
    }
    this.state = { ...this.state, ...(changes as Partial<ToggleState>) };
    this.settings.set(SETTINGS_KEY, this.state);
    for (const listener of this.listeners) listener(this.all());
    return this.all();
  }

  /** Calls `listener` with the new state after every change; returns how to stop. */
  onChange(listener: (state: ToggleState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  restoreAll(): ToggleState {
    return this.update(Object.fromEntries(TOGGLE_NAMES.map((n) => [n, true])));
  }
}
