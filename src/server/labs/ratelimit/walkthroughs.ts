import type { RATELIMIT_LAB } from '../../../common/labs/ratelimit';
import type { LabAttacks } from '../attack-kit';

export const RATELIMIT_WALKTHROUGHS = {} satisfies LabAttacks<typeof RATELIMIT_LAB>['walkthroughs'];
