import type { AttackDifficulty } from '../../../../common/lab-registry';
import {
  ATTACK_STATUSES,
  type AttackCatalogueEntry,
  type AttackStatus,
  type WalkthroughAttempt,
} from '../../../../common/schemas/attacks';

/** What the catalogue's filters keep; 'all' keeps everything. Kept in the page's URL (`#/attacks?lab=…`). */
export interface CatalogueFilters {
  lab: string;
  status: AttackStatus | 'all';
  difficulty: AttackDifficulty | 'all';
}

export const NO_FILTERS: CatalogueFilters = { lab: 'all', status: 'all', difficulty: 'all' };
export const DIFFICULTIES: readonly AttackDifficulty[] = ['beginner', 'practitioner', 'expert'];

/** The badge of each status, as the learner reads it. */
export const STATUS_LABELS: Record<AttackStatus, string> = {
  'not-tried': 'Not tried',
  exploited: 'Exploited',
  blocked: 'Blocked',
  both: 'Exploited and blocked',
};

export function filterAttacks(attacks: readonly AttackCatalogueEntry[], filters: CatalogueFilters) {
  return attacks.filter(
    (attack) =>
      (filters.lab === 'all' || attack.lab === filters.lab) &&
      (filters.status === 'all' || attack.progress.status === filters.status) &&
      (filters.difficulty === 'all' || attack.difficulty === filters.difficulty),
  );
}

/**
 * The status after a walkthrough's result: exploited (goal reached with the
 * defence off) and blocked (refused with it on) add up to both; a result
 * never takes back what the learner already showed.
 */
export function statusAfter(status: AttackStatus, result: WalkthroughAttempt['result']): AttackStatus {
  if (!result || status === 'both' || status === result) return status;
  return status === 'not-tried' ? result : 'both';
}

/** The defence state an attack meets now: on only while every toggle it defeats is on. */
export const defenceStateOf = (defeats: readonly string[], toggles: Readonly<Record<string, boolean>> | undefined) =>
  defeats.every((name) => toggles?.[name] !== false) ? ('on' as const) : ('off' as const);

/** What the page's URL says: the filters and the attack whose walkthrough is open. */
export interface CatalogueQuery {
  filters: CatalogueFilters;
  open: string | null;
}

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | 'all' =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : 'all';

/** Reads `#/attacks?lab=…&status=…&difficulty=…&attack=…`; an unknown value means no filter. */
export function queryFromHash(hash: string): CatalogueQuery {
  const search = new URLSearchParams(hash.split('?')[1] ?? '');
  return {
    filters: {
      lab: search.get('lab') || 'all',
      status: oneOf(search.get('status'), ATTACK_STATUSES),
      difficulty: oneOf(search.get('difficulty'), DIFFICULTIES),
    },
    open: search.get('attack') || null,
  };
}

/** The hash for these filters and open attack, leaving out what is unset, so a plain `#/attacks` stays plain. */
export function hashOf({ filters, open }: CatalogueQuery): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== 'all') search.set(name, value);
  if (open) search.set('attack', open);
  const query = search.toString();
  return query ? `#/attacks?${query}` : '#/attacks';
}

/** The lab pages' in-page runners, loaded with the first run that needs one rather than with the app. */
export const loadPageRunners = () => import('./page-runners');
