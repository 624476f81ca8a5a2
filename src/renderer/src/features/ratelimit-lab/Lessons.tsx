import { useState, type ReactNode } from 'react';
import { answerOf } from '../../api/client';
import { useStore } from '../../store';
import type { RunnerSettings } from './ratelimit-slice';

function Lesson(props: { step: string; title: string; children: ReactNode; setup?: Partial<RunnerSettings> }) {
  const set = useStore((s) => s.setRunnerSettings);
  const running = useStore((s) => s.rlRun.running);
  return (
    <section
      className="card"
      data-lab-step={props.step}
      data-testid={`ratelimit-lesson-${props.step}`}
      aria-labelledby={`rl-lesson-${props.step}`}
    >
      <h3 id={`rl-lesson-${props.step}`}>{props.title}</h3>
      {props.children}
      {props.setup && (
        <button
          type="button"
          className="small"
          disabled={running}
          onClick={() => {
            set(props.setup!);
            document.getElementById('rl-runner-title')?.scrollIntoView({ block: 'start' });
          }}
        >
          Set up the runner for this
        </button>
      )}
    </section>
  );
}

/** Eight correct logins at once: none may be told of failures that did not happen. */
function ParallelLogins() {
  const account = useStore((s) => s.accounts.find((a) => a.email === s.rlSettings.account && !a.mfa));
  const refresh = useStore((s) => s.refreshCounters);
  const [answers, setAnswers] = useState<string[] | null>(null);
  const run = async () => {
    if (!account) return;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        answerOf('POST /api/session/login', {
          body: { email: account.email, password: account.password },
          credentials: 'omit',
          csrf: null,
        }),
      ),
    );
    setAnswers(results.map((r) => (r.status === 200 ? '200' : `${r.status} ${r.body.error ?? ''}`)));
    await refresh();
  };
  return (
    <>
      <button type="button" className="small" disabled={!account} onClick={() => void run()}>
        Sign in correctly 8 times at once{account ? ` (${account.email})` : ''}
      </button>
      {answers && (
        <p className="small-text" data-testid="rl-parallel">
          Answers: {answers.join(', ')}.{' '}
          {answers.some((a) => a.includes('rate_limited'))
            ? 'This account already has real failures counted (a run of the runner?): Reset counters and try again.'
            : 'A 429 here is attempts_in_progress (retry in 2 s), never “too many failed attempts”; the account’s failure counter stays at zero.'}
        </p>
      )}
    </>
  );
}

/** The lockout step's other half: the account's owner, at home on another address, types the right password. */
function OwnerElsewhere() {
  const email = useStore((s) => s.rlSettings.account);
  const refresh = useStore((s) => s.refreshCounters);
  const [answer, setAnswer] = useState<string | null>(null);
  const run = async () => {
    const { status, body } = await answerOf('POST /api/lab/ratelimit/owner-sign-in', { body: { email } });
    if (status !== 200) setAnswer(`${status} ${body.error ?? ''}`);
    else if (body.status === 200) setAnswer(`200 from ${body.from}: the owner is in.`);
    else
      setAnswer(
        `${body.status} ${body.error ?? ''} from ${body.from} (Retry-After ${body.retryAfterSeconds ?? '—'} s).`,
      );
    await refresh();
  };
  return (
    <>
      <button type="button" className="small" onClick={() => void run()}>
        The owner signs in from another address ({email})
      </button>
      {answer && (
        <p className="small-text" data-testid="rl-owner-elsewhere">
          {answer}
        </p>
      )}
    </>
  );
}

/** The seven steps of the lab (src/common/labs.ts), each a short explanation next to something to try. */
export function Lessons() {
  const [instances, setInstances] = useState(4);
  return (
    <div className="grid rl-lessons">
      <Lesson step="per-ip" title="Per-IP key" setup={{ target: 'many', ip: 'real' }}>
        <p className="small-text">
          One counter per client address, across every account: 50 failures in 15 minutes. It catches one machine that
          tries many accounts. It is kept loose on purpose, because a whole office or mobile network can share one
          address, and it is blind to attackers who own many addresses.
        </p>
      </Lesson>
      <Lesson step="per-account" title="Per-account key" setup={{ target: 'one', ip: 'real', position: 25 }}>
        <p className="small-text">
          One counter per account, whichever address the guesses come from: 5 failures in 15 minutes. This is what stops
          a word list against one user, even from a botnet with a new address for every guess.
        </p>
      </Lesson>
      <Lesson step="failures-only" title="Only failures count">
        <p className="small-text">
          A right password gives its attempt back, so a real user is never slowed down. @fastify/rate-limit counts every
          request before the handler runs and cannot take one back, so the failed-login limit is our own LoginThrottle:
          it reserves the attempt before bcrypt runs (parallel guesses cannot race past the limit) and settles it after.
        </p>
        <ParallelLogins />
      </Lesson>
      <Lesson step="shared-store" title="One store for every instance">
        <p className="small-text">
          A limit is only as good as the place its counters live. Run {instances} copies of a server behind a load
          balancer, each counting in its own memory, and an attacker gets {instances * 5} guesses per account per window
          instead of 5. Counters belong in one store every instance reads and writes atomically: Redis or the database.
          This lab is one process: failed logins count in SQLite, the general limit in the plugin&rsquo;s store on the
          lab clock.
        </p>
        <label className="small-text">
          Instances{' '}
          <input
            type="number"
            min={1}
            max={64}
            value={instances}
            onChange={(e) => setInstances(Math.min(64, Math.max(1, Number(e.target.value) || 1)))}
          />
        </label>
      </Lesson>
      <Lesson step="lockout" title="Throttle, not lockout" setup={{ target: 'one', ip: 'real' }}>
        <p className="small-text">
          A hard lockout (the account stays disabled until someone unlocks it) hands every stranger a way to lock any
          user out: type five wrong passwords and the victim cannot sign in. Here the strict counter is per account{' '}
          <em>and address</em>: run the runner in brute-force mode and this browser&rsquo;s address is refused for the
          window, with <code>Retry-After</code> and the RateLimit headers. Then let the owner sign in from home: another
          address has its own budget, so the stranger&rsquo;s failures do not keep the owner out. Guessing spread over
          many addresses meets a second, account-wide counter: past 20 failures, addresses the account does not know
          wait seconds between attempts (<code>429 login_slowed</code>), while one it signed in from is never held up.
        </p>
        <OwnerElsewhere />
      </Lesson>
      <Lesson
        step="stuffing"
        title="Credential stuffing"
        setup={{ target: 'many', ip: 'real', position: 55, count: 60 }}
      >
        <p className="small-text">
          Pairs leaked from another site, one try per account. The per-account key sees one failure each and never
          fires; here every try comes from this one machine, so the per-IP key catches it. Real stuffing spreads over
          thousands of proxy addresses and slips past both keys, which is why MFA, refusing breached passwords and
          watching the overall failure rate matter more than either counter.
        </p>
      </Lesson>
      <Lesson step="xff" title="X-Forwarded-For" setup={{ target: 'many', ip: 'rotating', position: 55, count: 60 }}>
        <p className="small-text">
          The client writes <code>X-Forwarded-For</code> itself. A server that believes it from anyone keys its per-IP
          limit on whatever the attacker wrote, so a new fake address per request walks past it. Believe the header only
          from your own proxy (<code>--trust-proxy</code>), and take the address that proxy saw.
        </p>
      </Lesson>
    </div>
  );
}
