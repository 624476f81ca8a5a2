import { AttackCard } from '../../components/AttackCard';
import { useStore } from '../../store';
import { JWT_ATTACKS } from './attack-catalogue';

/** Every JWT attack, runnable against the real server with its defence on or off. */
export function AttacksPanel() {
  const signingAlg = useStore(
    (s) => s.jwtKeys.find((k) => k.purpose === 'access' && k.retireAt === null && !k.weak)?.alg,
  );
  const view = signingAlg ? { signingAlg } : {};
  return (
    <section className="card" aria-labelledby="attacks-title">
      <h2 id="attacks-title">Attacks</h2>
      <p className="muted">
        Run each attack with its defence on, switch the defence off and run it again to compare. Red means the attacker
        won.
      </p>
      <ul className="toggle-list">
        {JWT_ATTACKS.map((attack) => (
          <AttackCard key={attack.id} attack={attack} view={view} />
        ))}
      </ul>
    </section>
  );
}
