import { useEffect } from 'react';
import { AttackCard } from '../../components/AttackCard';
import { useStore } from '../../store';
import { RATELIMIT_ATTACKS } from './attack-catalogue';
import { CountersCard } from './CountersCard';
import { Lessons } from './Lessons';
import { RunnerCard } from './RunnerCard';
import './ratelimit-lab.css';

/** The cards need nothing from the lab's state to word themselves. */
const NO_VIEW = {};

/** The rate-limit lab: a brute-force runner against the real login routes, both limits' live counters, and the attacks. */
export function RateLimitLabPage() {
  const refresh = useStore((s) => s.refreshCounters);
  const stop = useStore((s) => s.stopRun);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  // Leaving the page stops a run: nothing keeps guessing in the background.
  useEffect(() => stop, [stop]);

  return (
    <>
      <h1>Rate-limit lab</h1>
      <p className="lead">
        Guessing passwords is cheap; the server decides how many guesses anyone gets. Here failed logins are counted per
        account and per client IP in windows of the lab clock, every API request counts against a general per-IP limit,
        and a refusal says when to come back. Run real attacks against the real login routes and watch the counters.
      </p>
      <div className="grid">
        <RunnerCard />
        <CountersCard />
      </div>
      <h2>What each part shows</h2>
      <Lessons />
      <h2>Attacks</h2>
      <p className="muted">
        Each attack runs for real from this page against its own throwaway victim and gives back the counters it used.
        Flip a switch to vulnerable and run it again to compare.
      </p>
      <ul className="toggle-list attack-list">
        {RATELIMIT_ATTACKS.map((attack) => (
          <AttackCard key={attack.id} attack={attack} view={NO_VIEW} />
        ))}
      </ul>
    </>
  );
}
