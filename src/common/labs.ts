/**
 * Every lab of the product, in sidebar order. `ready` marks the ones built so
 * far; the sidebar shows only those, and drill cards may link to any of them.
 */
export const LABS = [
  { id: 'overview', title: 'Overview', ready: true },
  { id: 'accounts', title: 'Accounts', ready: true },
  { id: 'defences', title: 'Defences', ready: true },
  { id: 'session-lab', title: 'Session lab', ready: false },
  { id: 'jwt-lab', title: 'JWT lab', ready: true },
  { id: 'inspector', title: 'Token inspector', ready: true },
  { id: 'oauth-lab', title: 'OAuth lab', ready: false },
  { id: 'mfa-lab', title: 'MFA lab', ready: false },
  { id: 'password-lab', title: 'Password lab', ready: false },
  { id: 'ratelimit-lab', title: 'Rate-limit lab', ready: false },
  { id: 'instructor', title: 'Instructor view', ready: false },
  { id: 'drills', title: 'Interview drills', ready: false },
] as const;

export type LabId = (typeof LABS)[number]['id'];

export function isLabId(id: string): id is LabId {
  return LABS.some((lab) => lab.id === id);
}
