import type { ToggleDeclaration } from './lab-registry';
import { LAB_DECLARATIONS, type Lab } from './labs';

/** Every toggle's name, `<area>.<defence>` (docs/ARCHITECTURE.md, "Toggles"), from the labs' declarations. */
export type ToggleName = Lab['toggles'][number]['name'];
export type ToggleState = Record<ToggleName, boolean>;

/**
 * The defences a lab can switch off, from every lab's declaration, each with
 * the lab that teaches it. Every toggle defaults to on (defence on). A toggle
 * weakens only its own lab routes, never the app shell or the lab control API.
 */
export const TOGGLES: ReadonlyArray<ToggleDeclaration & { name: ToggleName; lab: Lab['id'] }> =
  LAB_DECLARATIONS.flatMap((lab) =>
    lab.toggles.map((toggle: ToggleDeclaration) => ({ ...toggle, name: toggle.name as ToggleName, lab: lab.id })),
  );

export const TOGGLE_NAMES: readonly ToggleName[] = TOGGLES.map((t) => t.name);

export function isToggleName(name: string): name is ToggleName {
  return (TOGGLE_NAMES as readonly string[]).includes(name);
}
