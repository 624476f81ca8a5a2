import type { ToggleName } from '../../../../common/toggles';
import type { AttackId } from './types';

export interface AttackInfo {
  id: AttackId;
  title: string;
  /** The toggles whose defence this attack tests. */
  toggles: ToggleName[];
  /** What the attack does, in order. */
  plan: string[];
  /** Where the attacker acts from, honestly stated. */
  note: string;
}

/** The four session attacks, with the defence each one tests. */
export const ATTACKS: AttackInfo[] = [
  {
    id: 'fixation',
    title: 'Session fixation',
    toggles: ['session.regenerateOnLogin'],
    plan: [
      'A window opens on the attacker\u2019s site. The attacker picks a session id and keeps a copy.',
      'The page sends your browser to the app\u2019s legacy link that takes a session id from the URL, so your cookie now holds the attacker\u2019s id.',
      'You (the victim, the account picked above) log in.',
      'The attacker calls GET /api/session/me with the id it planted.',
    ],
    note: 'The planting needs a real weakness: the app keeps a legacy "session id in the URL" entry point (/api/session/legacy/enter). Another site cannot set cookies for 127.0.0.1 any other way. The defence under test is what login does with the id.',
  },
  {
    id: 'csrf',
    title: 'Cross-site request forgery',
    toggles: ['session.sameSite', 'session.csrfToken'],
    plan: [
      'A window opens on the attacker\u2019s site (localhost: a different site from 127.0.0.1).',
      'It submits a hidden form to POST /api/session/profile, changing your display name.',
      'Your browser decides whether the session cookie goes along; the server decides whether a request without a token counts.',
    ],
    note: 'Needs you logged in. The attack succeeds only when both SameSite and the CSRF token are off: each defence alone stops it. SameSite is a flag of the cookie, fixed when it is issued: log in again after flipping it.',
  },
  {
    id: 'theft',
    title: 'Cookie theft by script (XSS)',
    toggles: ['session.httpOnly'],
    plan: [
      'An "injected" script reads document.cookie.',
      'If it finds the session id, it sends it to the attacker, who uses it from their own machine.',
    ],
    note: 'The app\u2019s Content-Security-Policy allows no inline script, so no real payload can be injected here. The script is simulated: it ships in the lab\u2019s bundle and does exactly what an XSS payload would. HttpOnly is a flag of the cookie, fixed when it is issued: log in again after flipping it.',
  },
  {
    id: 'logout',
    title: 'Logout that does not log out',
    toggles: ['session.serverSideLogout'],
    plan: [
      'The attacker gets a copy of your cookie (think shared computer or a proxy log; the lab hands it over).',
      'You log out.',
      'The attacker replays the copy against GET /api/session/me.',
    ],
    note: 'Needs you logged in. Logging out ends your own session here.',
  },
];
