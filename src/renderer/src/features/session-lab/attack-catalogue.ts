import { SESSION_LAB } from '../../../../common/labs';
import {
  withRunners,
  type AttackContext,
  type AttackResult,
  type AttackRunners,
} from '../../components/attack-catalogue';
import type { Store } from '../../store';
import { chosenEmail } from './session-slice';
import { CSRF_PAYLOAD, csrf, fixation, idleSession, logoutReplay, theft } from './session-attacks';

const needsSession = (get: () => Store) =>
  get().sessionUser ? null : 'Log in first (above): this attack needs a live session to abuse.';

/** Every session attack ends by reloading what the page shows: cookie, row, sessions. */
const thenRefresh =
  (run: (ctx: AttackContext) => Promise<AttackResult>) =>
  async (ctx: AttackContext): Promise<AttackResult> => {
    try {
      return await run(ctx);
    } finally {
      await ctx.get().refreshSession();
    }
  };

/** How each session attack runs from this page; what it is and what it tests is declared in common/labs/session.ts. */
const RUNNERS: AttackRunners<typeof SESSION_LAB> = {
  fixation: {
    precondition: (get) =>
      get().accounts.find((a) => a.email === chosenEmail(get()))?.mfa === false
        ? null
        : 'Pick a demo account without MFA (above) as the victim of this attack.',
    run: thenRefresh(fixation),
  },
  csrf: {
    attackerPage: (runTag) => `/session/csrf?displayName=${encodeURIComponent(CSRF_PAYLOAD)}&run=${runTag}`,
    precondition: needsSession,
    run: thenRefresh(csrf),
  },
  theft: { run: thenRefresh(theft) },
  logout: { precondition: needsSession, run: thenRefresh(() => logoutReplay()) },
  idleSession: { precondition: needsSession, run: thenRefresh(idleSession) },
};

/** The session attacks, with the defence each one tests. */
export const SESSION_ATTACKS = withRunners(SESSION_LAB, RUNNERS);
