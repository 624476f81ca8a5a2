import type { JWT_LAB } from '../../../../common/labs/jwt';
import type { LabAttacks } from '../../attack-kit';
import { algNone, kidInjection, noVerify } from './forgeries';
import { keyConfusion, weakSecret } from './keys';
import { longTtl, refreshReuse } from './lifetimes';

/**
 * The JWT attacks the server performs over HTTP. Token theft from
 * localStorage is `runsIn: 'browser'`: only a real page has a localStorage
 * for an injected script to read.
 */
export const JWT_RUNNERS: LabAttacks<typeof JWT_LAB>['runners'] = {
  algNone,
  keyConfusion,
  weakSecret,
  kidInjection,
  noVerify,
  refreshReuse,
  longTtl,
};
