import type { LabDeclaration } from '../lab-registry';
import { SESSION_WALKTHROUGHS as WALKTHROUGHS } from './session-walkthroughs';

/** The session lab: server-side sessions behind a signed cookie, and the attacks on them. */
export const SESSION_LAB = {
  id: 'session-lab',
  title: 'Session lab',
  steps: ['cookie', 'fixation', 'csrf', 'httponly', 'logout', 'idle-timeout'],
  toggles: [
    {
      name: 'session.regenerateOnLogin',
      label: 'A new session id is issued at login and again after the MFA step',
      whenOff:
        'Login keeps the id the browser already had, so an id planted by an attacker becomes a logged-in session the attacker can use (session fixation).',
      source: 'OWASP ASVS 5.0 V7.2.4; OWASP Session Management Cheat Sheet (renew the id after privilege change)',
    },
    {
      name: 'session.httpOnly',
      label: 'The session cookie is HttpOnly, so page script cannot read it',
      whenOff: 'Any script in the page (an XSS payload) reads the session id from document.cookie and sends it away.',
      source: 'OWASP ASVS 5.0 V3.3.4; RFC 6265bis §4.1.2.6',
    },
    {
      name: 'session.sameSite',
      label: 'The session cookie is SameSite=Lax, so other sites cannot make the browser send it with a POST',
      whenOff:
        'The cookie is SameSite=None: a form on any other site posts with your session attached (CSRF, if the token check is off too).',
      source: 'OWASP ASVS 5.0 V3.3.2; RFC 6265bis §5.6.7',
    },
    {
      name: 'session.csrfToken',
      label: 'State-changing session routes need the x-csrf-token header (synchronizer token)',
      whenOff:
        'A request carrying only the cookie is enough to change state, so a cross-site form can act as you (CSRF, if SameSite is off too).',
      source: 'OWASP CSRF Prevention Cheat Sheet (synchronizer token); OWASP ASVS 5.0 V3.5.1',
    },
    {
      name: 'session.serverSideLogout',
      label: 'Logout deletes the session on the server, not just the cookie',
      whenOff: 'Logout only asks the browser to forget the cookie; anyone holding a copy can keep using the session.',
      source: 'OWASP ASVS 5.0 V7.4.1; OWASP Session Management Cheat Sheet (session expiration)',
    },
    {
      name: 'session.idleTimeout',
      label: 'A session unused for 15 minutes ends on the server',
      whenOff: 'A forgotten session stays usable until its absolute lifetime runs out, hours later.',
      source: 'OWASP ASVS 5.0 V7.3.1; NIST SP 800-63B §7.2',
    },
  ],
  attacks: [
    {
      id: 'fixation',
      title: 'Session fixation',
      defeats: ['session.regenerateOnLogin'],
      step: 'fixation',
      difficulty: 'practitioner',
      references: ['OWASP ASVS 5.0 V7.2.4', 'OWASP Session Management Cheat Sheet'],
      how: [
        'If you are signed in, the lab logs you out: the planted id needs a browser that is not signed in yet.',
        'A window opens on the attacker\u2019s site. The attacker picks a session id and keeps a copy.',
        'The page sends your browser to the app\u2019s legacy link that takes a session id from the URL, so your cookie now holds the attacker\u2019s id.',
        'You (the victim, the account picked above) log in.',
        'The attacker calls GET /api/session/me with the id it planted.',
      ],
      defence:
        'Login throws away the id the browser arrived with and issues a new one, so a planted id never becomes a signed-in session.',
      note: 'The planting needs a real weakness: the app keeps a legacy "session id in the URL" entry point (/api/session/legacy/enter). Another site cannot set cookies for 127.0.0.1 any other way. The defence under test is what login does with the id.',
      attackerPage: '/session/fixation',
      walkthrough: WALKTHROUGHS.fixation,
    },
    {
      id: 'csrf',
      title: 'Cross-site request forgery',
      defeats: ['session.sameSite', 'session.csrfToken'],
      step: 'csrf',
      difficulty: 'beginner',
      references: [
        'RFC 6265bis §5.6.7',
        'OWASP ASVS 5.0 V3.3.2',
        'OWASP ASVS 5.0 V3.5.1',
        'OWASP CSRF Prevention Cheat Sheet',
      ],
      how: [
        'A window opens on the attacker\u2019s site (localhost: a different site from 127.0.0.1).',
        'It submits a hidden form to POST /api/session/profile, changing your display name.',
        'Your browser decides whether the session cookie goes along; the server decides whether a request without a token counts.',
      ],
      defence:
        'A SameSite=Lax cookie stays home on a cross-site POST, and a state-changing request must carry the session\u2019s x-csrf-token, which another site cannot read.',
      note: 'Needs you logged in. The attack succeeds only when both SameSite and the CSRF token are off: each defence alone stops it. SameSite is a flag of the cookie, fixed when it is issued: log in again after flipping it.',
      walkthrough: WALKTHROUGHS.csrf,
      // Whether the cookie goes along is the browser's SameSite rule: a scripted client could only pretend to apply it.
      runsIn: 'browser',
    },
    {
      id: 'theft',
      title: 'Cookie theft by script (XSS)',
      defeats: ['session.httpOnly'],
      step: 'httponly',
      difficulty: 'beginner',
      references: ['RFC 6265bis §4.1.2.6', 'OWASP ASVS 5.0 V3.3.4'],
      how: [
        'An "injected" script reads document.cookie.',
        'If it finds the session id, it sends it to the attacker, who uses it from their own machine.',
      ],
      defence: 'An HttpOnly cookie is sent with requests but never shown to page script.',
      note: 'The app\u2019s Content-Security-Policy allows no inline script, so no real payload can be injected here. The script is simulated: it ships in the lab\u2019s bundle and does exactly what an XSS payload would. HttpOnly is a flag of the cookie, fixed when it is issued: log in again after flipping it.',
      walkthrough: WALKTHROUGHS.theft,
      // Only a real browser decides what document.cookie shows.
      runsIn: 'browser',
    },
    {
      id: 'logout',
      title: 'Logout that does not log out',
      defeats: ['session.serverSideLogout'],
      step: 'logout',
      difficulty: 'beginner',
      references: ['OWASP ASVS 5.0 V7.4.1', 'OWASP Session Management Cheat Sheet'],
      how: [
        'The attacker gets a copy of your cookie (think shared computer or a proxy log; the lab hands it over).',
        'You log out.',
        'The attacker replays the copy against GET /api/session/me.',
      ],
      defence: 'Logout deletes the session row on the server, so every copy of the id stops working.',
      note: 'Needs you logged in. Logging out ends your own session here.',
      walkthrough: WALKTHROUGHS.logout,
    },
    {
      id: 'idleSession',
      title: 'A session left open, used after the idle period',
      defeats: ['session.idleTimeout'],
      step: 'idle-timeout',
      difficulty: 'beginner',
      references: ['OWASP ASVS 5.0 V7.3.1', 'NIST SP 800-63B §7.2', 'OWASP Session Management Cheat Sheet'],
      how: [
        'You log in and walk away from a shared computer without logging out; the next person (or a copy of the cookie) has the session.',
        'Nobody uses it for 20 minutes: the lab clock moves forward.',
        'The attacker sends GET /api/session/me with the cookie. The lab clock goes back to where it was afterwards.',
      ],
      defence:
        'The server ends a session that has not been used for 15 minutes, so a forgotten one is worthless long before its 8-hour absolute lifetime.',
      note: 'Needs you logged in. The attack moves the lab clock forward and back; with the defence on, your session ends.',
      walkthrough: WALKTHROUGHS.idleSession,
    },
  ],
} as const satisfies LabDeclaration;
