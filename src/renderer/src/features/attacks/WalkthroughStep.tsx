import { useState } from 'react';
import type { WalkthroughStepDeclaration } from '../../../../common/lab-registry';
import { useStore } from '../../store';

/**
 * One hand-made step: what to do, a hint on the first click and the answer on
 * the second, and for a `paste` step the field the server checks. It turns
 * green only when the server saw it happen; the evidence line says what it saw.
 */
export function WalkthroughStep({
  step,
  number,
  state,
}: {
  step: WalkthroughStepDeclaration;
  number: number;
  state: { done: boolean; evidence: string | null } | undefined;
}) {
  const [help, setHelp] = useState<'none' | 'hint' | 'answer'>('none');
  const [value, setValue] = useState('');
  const pasteAnswer = useStore((s) => s.pasteAnswer);
  const done = state?.done ?? false;
  return (
    <li className={`walkthrough-step ${done ? 'done' : ''}`} data-testid={`step-${step.id}`} data-done={done}>
      <p>
        <span className="walkthrough-mark" aria-hidden="true">
          {done ? '✓' : number}
        </span>{' '}
        {step.task} {done && <span className="visually-hidden">(done)</span>}
      </p>
      {state?.evidence && (
        <p className={`small-text ${done ? 'walkthrough-evidence' : 'muted'}`} data-testid={`step-${step.id}-evidence`}>
          {done ? 'Seen: ' : 'Not yet: '}
          {state.evidence}
        </p>
      )}
      {step.paste && !done && (
        <form
          className="walkthrough-paste"
          onSubmit={(event) => {
            event.preventDefault();
            void pasteAnswer(step.id, value.trim());
          }}
        >
          <label>
            {step.paste.label}{' '}
            <input value={value} onChange={(event) => setValue(event.target.value)} spellCheck={false} />
          </label>
          <button type="submit" disabled={value.trim() === ''}>
            Check
          </button>
        </form>
      )}
      {!done && help === 'none' && (
        <button type="button" className="small" onClick={() => setHelp('hint')}>
          Hint
        </button>
      )}
      {help !== 'none' && (
        <p className="small-text walkthrough-hint">
          <strong>Hint:</strong> {step.hint}
        </p>
      )}
      {help === 'hint' && (
        <button type="button" className="small" onClick={() => setHelp('answer')}>
          Show answer
        </button>
      )}
      {help === 'answer' && (
        <pre className="small-text walkthrough-answer">
          <code>{step.answer}</code>
        </pre>
      )}
    </li>
  );
}
