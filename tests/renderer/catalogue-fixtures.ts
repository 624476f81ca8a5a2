import type { AttackCatalogue, AttackCatalogueEntry } from '../../src/common/schemas/attacks';

/** One catalogue entry as GET /api/lab/attacks lists it, with what a test changes. */
export function entry(id: string, patch: Partial<AttackCatalogueEntry> = {}): AttackCatalogueEntry {
  return {
    id,
    lab: 'session-lab',
    labTitle: 'Session lab',
    title: id,
    step: null,
    difficulty: 'beginner',
    references: [],
    defeats: [{ toggle: 'session.csrfToken', label: 'CSRF token', on: true }],
    runsIn: 'server',
    hasWalkthrough: true,
    progress: { status: 'not-tried', exploitedAt: null, blockedAt: null },
    ...patch,
  };
}

/** A catalogue of these entries, with its summary counted from them. */
export function catalogueOf(attacks: AttackCatalogueEntry[]): AttackCatalogue {
  const count = (status: string) => attacks.filter((a) => a.progress.status === status).length;
  return {
    attacks,
    summary: {
      total: attacks.length,
      exploited: count('exploited'),
      blocked: count('blocked'),
      both: count('both'),
      perLab: [],
    },
  };
}
