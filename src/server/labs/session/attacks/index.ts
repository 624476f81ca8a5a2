import type { SESSION_LAB } from '../../../../common/labs/session';
import type { LabAttacks } from '../../attack-kit';
import { fixation } from './fixation';
import { idleSession } from './idle-session';
import { logoutReplay } from './logout';

/**
 * The session attacks the server can perform over HTTP. CSRF and cookie
 * theft are `runsIn: 'browser'`: SameSite and HttpOnly are rules a real
 * browser applies, which a scripted client could only pretend to follow.
 */
export const SESSION_RUNNERS: LabAttacks<typeof SESSION_LAB>['runners'] = {
  fixation,
  logout: logoutReplay,
  idleSession,
};
