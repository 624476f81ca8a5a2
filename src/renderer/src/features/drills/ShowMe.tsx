import { useState } from 'react';
import type { LabLink } from '../../../../common/drills/types';
import { LABS } from '../../../../common/labs';
import { useStore } from '../../store';

/** "Show me": opens the card's lab at the right step, or says kindly that the lab is still being built. */
export function ShowMe({ link }: { link: LabLink }) {
  const navigate = useStore((s) => s.navigate);
  const [note, setNote] = useState<string | null>(null);
  const lab = LABS.find((l) => l.id === link.lab);
  if (!lab) return null;
  const where = link.step ? `${lab.title}, step “${link.step}”` : lab.title;
  return (
    <span className="show-me">
      <button
        type="button"
        className="small"
        onClick={() => {
          if (lab.ready) navigate(lab.id, link.step);
          else setNote(`The ${lab.title} is not built yet. Once it is, this button opens it at ${where}.`);
        }}
      >
        Show me in the lab
      </button>
      {note && (
        <span className="muted small-text" role="status">
          {' '}
          {note}
        </span>
      )}
    </span>
  );
}
