import { TOGGLES } from '../../../common/toggles';
import { useStore } from '../store';

/** Always visible while any defence is off, with one click back to secure mode. */
export function ToggleBanner() {
  const toggles = useStore((s) => s.meta?.toggles);
  const restoreAll = useStore((s) => s.restoreAllToggles);
  const off = TOGGLES.filter((t) => toggles && toggles[t.name] === false);
  if (!off.length) return null;
  return (
    <div className="banner" role="alert" data-testid="vulnerable-banner">
      <strong>Vulnerable mode:</strong> {off.length} defence{off.length > 1 ? 's are' : ' is'} off (
      {off.map((t) => t.name).join(', ')}).
      <button type="button" onClick={() => void restoreAll()}>
        Restore all defences
      </button>
    </div>
  );
}
