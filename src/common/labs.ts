/**
 * Every lab of the product, in sidebar order. `ready` marks the ones built so
 * far; the sidebar shows only those, and drill cards may link to any of them.
 * `steps` are the canonical step names a link `#/<lab>/<step>` (and a drill
 * card's `Lab: <lab>#<step>`) may name; a lab reads its step from the route.
 */
export const LABS = [
  { id: 'overview', title: 'Overview', ready: true, steps: [] },
  { id: 'accounts', title: 'Accounts', ready: true, steps: [] },
  { id: 'defences', title: 'Defences', ready: true, steps: [] },
  {
    id: 'session-lab',
    title: 'Session lab',
    ready: true,
    steps: ['cookie', 'fixation', 'csrf', 'httponly', 'logout', 'idle-timeout'],
  },
  {
    id: 'jwt-lab',
    title: 'JWT lab',
    ready: true,
    steps: [
      'decode',
      'countdown',
      'refresh',
      'reuse',
      'logout',
      'logout-all',
      'key-rotation',
      'alg-none',
      'key-confusion',
      'weak-secret',
      'kid-injection',
      'local-storage',
    ],
  },
  {
    id: 'inspector',
    title: 'Token inspector',
    ready: true,
    steps: ['decode', 'verify', 'warnings', 'alg-none', 'key-confusion', 'crack'],
  },
  {
    id: 'oauth-lab',
    title: 'OAuth lab',
    ready: true,
    steps: ['code-flow', 'pkce', 'state', 'nonce', 'redirect-uri', 'client-credentials', 'device-flow'],
  },
  {
    id: 'mfa-lab',
    title: 'MFA lab',
    ready: true,
    steps: ['enroll', 'drift', 'replay', 'brute-force', 'recovery-codes', 'step-up'],
  },
  {
    id: 'password-lab',
    title: 'Password lab',
    ready: true,
    steps: ['hashing', 'cost', '72-bytes', 'pepper', 'strength', 'reset', 'enumeration'],
  },
  {
    id: 'ratelimit-lab',
    title: 'Rate-limit lab',
    ready: true,
    steps: ['per-ip', 'per-account', 'failures-only', 'shared-store', 'lockout', 'stuffing', 'xff'],
  },
  { id: 'instructor', title: 'Instructor view', ready: false, steps: ['sessions', 'revoke', 'audit'] },
  { id: 'drills', title: 'Interview drills', ready: true, steps: [] },
] as const satisfies ReadonlyArray<{ id: string; title: string; ready: boolean; steps: readonly string[] }>;

export type LabId = (typeof LABS)[number]['id'];

export function isLabId(id: string): id is LabId {
  return LABS.some((lab) => lab.id === id);
}

/** The canonical steps of a lab (empty for an unknown lab). */
export function labSteps(id: string): readonly string[] {
  return LABS.find((lab) => lab.id === id)?.steps ?? [];
}
