import type { RATELIMIT_LAB } from '../../../../common/labs/ratelimit';
import { leavingNoAccounts, type LabAttacks } from '../../attack-kit';
import { bruteForce } from './brute-force';
import { xffSpray } from './xff-spray';

/** Every rate-limit attack, run by the server over real HTTP (the page's runners stay as "Show me" in the browser). */
export const RATELIMIT_RUNNERS = {
  'ratelimit-brute-force': leavingNoAccounts(bruteForce),
  'ratelimit-xff-spray': leavingNoAccounts(xffSpray),
} satisfies Required<LabAttacks<typeof RATELIMIT_LAB>['runners']>;
