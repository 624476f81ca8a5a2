import { AttackCard } from '../../components/AttackCard';
import { PASSWORD_ATTACKS } from './attack-catalogue';

/** The password lab's cards need nothing from the lab's state to word themselves. */
const NO_VIEW = {};

/** The attacks of one step of the password lab, run for real from this page. */
export function StepAttacks({ step, title }: { step: string; title: string }) {
  return (
    <>
      <h3>{title}</h3>
      <p className="muted">
        Each attack runs for real against this lab, with its own throwaway victim account. Flip the switch to vulnerable
        and run it again to compare.
      </p>
      <ul className="toggle-list attack-list">
        {PASSWORD_ATTACKS.filter((attack) => attack.step === step).map((attack) => (
          <AttackCard key={attack.id} attack={attack} view={NO_VIEW} />
        ))}
      </ul>
    </>
  );
}
