import { TOGGLES } from '../../../common/toggles';
import { useStore } from '../store';

/**
 * One defence's switch, saying what it does in its current position. Flipping
 * it changes the toggle on the server for every open page; `onFlip` lets the
 * caller drop what the old position made stale.
 */
export function DefenceSwitch({ name, disabled, onFlip }: { name: string; disabled?: boolean; onFlip?: () => void }) {
  const toggles = useStore((s) => s.meta?.toggles);
  const setToggles = useStore((s) => s.setToggles);
  const on = (toggles as Readonly<Record<string, boolean>> | undefined)?.[name] ?? true;
  const info = TOGGLES.find((t) => t.name === name);
  // Describe what the switch does in its current position, not the secure behaviour it lacks.
  const description = (on ? info?.label : info?.whenOff) ?? name;
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={on}
        disabled={!toggles || disabled}
        onChange={(event) => {
          onFlip?.();
          void setToggles({ [name]: event.target.checked });
        }}
      />
      <span>
        {on ? 'Defence on' : 'Defence off (vulnerable)'}: <code>{name}</code>
        <span className="muted small-text" data-testid={`switch-description-${name}`}>
          {' '}
          — {description}
        </span>
      </span>
    </label>
  );
}
