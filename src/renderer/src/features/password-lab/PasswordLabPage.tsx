import type { ReactNode } from 'react';
import { useStore } from '../../store';
import { BytesStep } from './BytesStep';
import { CostStep } from './CostStep';
import { EnumerationStep } from './EnumerationStep';
import { HashingStep } from './HashingStep';
import { PepperStep } from './PepperStep';
import { ResetStep } from './ResetStep';
import { StrengthStep } from './StrengthStep';
import './password-lab.css';

/**
 * The steps of the lab, in order, by their canonical names (src/common/labs.ts).
 * `#/password-lab/<step>` opens one; the first is the default.
 */
const STEPS: ReadonlyArray<{ id: string; title: string; render: () => ReactNode }> = [
  { id: 'hashing', title: 'What the database stores', render: () => <HashingStep /> },
  { id: 'cost', title: 'bcrypt cost', render: () => <CostStep /> },
  { id: '72-bytes', title: '72 bytes', render: () => <BytesStep /> },
  { id: 'pepper', title: 'Pepper', render: () => <PepperStep /> },
  { id: 'strength', title: 'Strength', render: () => <StrengthStep /> },
  { id: 'reset', title: 'Reset by mail', render: () => <ResetStep /> },
  { id: 'enumeration', title: 'Enumeration', render: () => <EnumerationStep /> },
];

/** The password lab: how passwords are stored, checked and reset, one step at a time. */
export function PasswordLabPage() {
  const routeStep = useStore((s) => (s.route === 'password-lab' ? s.routeStep : null));
  const step = STEPS.find((s) => s.id === routeStep) ?? STEPS[0]!;
  return (
    <>
      <h1>Password lab</h1>
      <p className="lead">
        How a server keeps passwords it must never know: what the database holds, what bcrypt&apos;s cost buys, its
        72-byte limit, the pepper, the strength rules, and the reset link that can replace a password.
      </p>
      <nav aria-label="Password lab steps">
        <ol className="pw-steps">
          {STEPS.map((s) => (
            <li key={s.id}>
              <a href={`#/password-lab/${s.id}`} aria-current={s.id === step.id ? 'step' : undefined}>
                {s.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {step.render()}
    </>
  );
}
