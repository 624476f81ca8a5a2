import { JWT_LAB } from '../../../../common/labs';
import {
  withRunners,
  type AttackContext,
  type AttackResult,
  type AttackRunners,
} from '../../components/attack-catalogue';
import { ATTACKS, type JwtAttackId } from './jwt-attacks';

/** Every JWT attack ends by reloading the keys and families the page shows. */
const attack =
  (id: JwtAttackId) =>
  async (ctx: AttackContext): Promise<AttackResult> => {
    try {
      return await ATTACKS[id](ctx);
    } finally {
      await ctx.get().jwtLoadState();
    }
  };

/** How each JWT attack runs from this page; what it is and what it tests is declared in common/labs/jwt.ts. */
const RUNNERS: AttackRunners<typeof JWT_LAB> = {
  algNone: { run: attack('algNone') },
  keyConfusion: { run: attack('keyConfusion') },
  weakSecret: { run: attack('weakSecret') },
  kidInjection: { run: attack('kidInjection') },
  noVerify: { run: attack('noVerify') },
  refreshReuse: { run: attack('refreshReuse') },
  localStorage: { run: attack('localStorage') },
  longTtl: { run: attack('longTtl') },
};

/** What each attack does and why the defence stops it, in the lab's own words. */
export const JWT_ATTACKS = withRunners(JWT_LAB, RUNNERS);
