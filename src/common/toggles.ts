/**
 * The defences a lab can switch off. Every toggle defaults to `true` (defence
 * on). A toggle weakens only its own lab routes, never the app shell or the lab
 * control API. Each lab adds its toggles here, so the registry, the API and the
 * UI all read one list.
 */
export interface ToggleDefinition {
  /** `<lab>.<defence>` */
  name: string;
  lab: string;
  /** What the defence does, in one line. */
  label: string;
  /** What an attacker gets when it is off. */
  whenOff: string;
  /** The standard it follows. */
  source: string;
}

export const TOGGLES = [
  {
    name: 'accounts.uniformRegisterResponse',
    lab: 'accounts',
    label: 'Registration answers the same way whether or not the email exists',
    whenOff: 'Registering a taken email returns 409 email_taken, so anyone can test which emails have accounts.',
    source: 'OWASP ASVS 5.0 V6.3.8; OWASP Authentication Cheat Sheet (user enumeration)',
  },
  {
    name: 'accounts.passwordDenyList',
    lab: 'accounts',
    label: 'Passwords found in breach corpora are refused',
    whenOff: 'Common passwords such as "password1" are accepted, so credential stuffing and guessing succeed.',
    source: 'NIST SP 800-63B §3.1.1.2',
  },
] as const satisfies readonly ToggleDefinition[];

export type ToggleName = (typeof TOGGLES)[number]['name'];
export type ToggleState = Record<ToggleName, boolean>;

export const TOGGLE_NAMES: readonly ToggleName[] = TOGGLES.map((t) => t.name);

export function isToggleName(name: string): name is ToggleName {
  return (TOGGLE_NAMES as readonly string[]).includes(name);
}
