import { describe, expect, it } from 'vitest';
import type { AttackCatalogueEntry } from '../../src/common/schemas/attacks';
import { entry } from './catalogue-fixtures';
import {
  NO_FILTERS,
  STATUS_LABELS,
  defenceStateOf,
  filterAttacks,
  hashOf,
  queryFromHash,
  statusAfter,
} from '../../src/renderer/src/features/attacks/catalogue';

const ATTACKS = [
  entry('csrf'),
  entry('fixation', {
    difficulty: 'practitioner',
    progress: { status: 'exploited', exploitedAt: 'x', blockedAt: null },
  }),
  entry('algNone', { lab: 'jwt-lab', progress: { status: 'both', exploitedAt: 'x', blockedAt: 'y' } }),
  entry('keyConfusion', { lab: 'jwt-lab', difficulty: 'expert' }),
];
const ids = (attacks: readonly AttackCatalogueEntry[]) => attacks.map((a) => a.id);

describe('catalogue filters', () => {
  it('keeps everything without a filter', () => {
    expect(ids(filterAttacks(ATTACKS, NO_FILTERS))).toEqual(['csrf', 'fixation', 'algNone', 'keyConfusion']);
  });

  it('filters by lab, status and difficulty, together', () => {
    expect(ids(filterAttacks(ATTACKS, { ...NO_FILTERS, lab: 'jwt-lab' }))).toEqual(['algNone', 'keyConfusion']);
    expect(ids(filterAttacks(ATTACKS, { ...NO_FILTERS, status: 'not-tried' }))).toEqual(['csrf', 'keyConfusion']);
    expect(ids(filterAttacks(ATTACKS, { ...NO_FILTERS, difficulty: 'practitioner' }))).toEqual(['fixation']);
    expect(ids(filterAttacks(ATTACKS, { lab: 'jwt-lab', status: 'not-tried', difficulty: 'expert' }))).toEqual([
      'keyConfusion',
    ]);
    expect(filterAttacks(ATTACKS, { lab: 'session-lab', status: 'both', difficulty: 'all' })).toEqual([]);
  });

  it('round-trips the filters and the open attack through the URL, ignoring unknown values', () => {
    const query = {
      filters: { lab: 'jwt-lab', status: 'blocked' as const, difficulty: 'expert' as const },
      open: 'algNone',
    };
    expect(hashOf(query)).toBe('#/attacks?lab=jwt-lab&status=blocked&difficulty=expert&attack=algNone');
    expect(queryFromHash(hashOf(query))).toEqual(query);
    expect(hashOf({ filters: NO_FILTERS, open: null })).toBe('#/attacks');
    expect(queryFromHash('#/attacks?status=pwned&difficulty=guru')).toEqual({ filters: NO_FILTERS, open: null });
    expect(queryFromHash('#/attacks')).toEqual({ filters: NO_FILTERS, open: null });
  });
});

describe('status mapping', () => {
  it('names every status for its badge', () => {
    expect(STATUS_LABELS).toEqual({
      'not-tried': 'Not tried',
      exploited: 'Exploited',
      blocked: 'Blocked',
      both: 'Exploited and blocked',
    });
  });

  it('adds a walkthrough result to the status without ever taking one back', () => {
    expect(statusAfter('not-tried', 'exploited')).toBe('exploited');
    expect(statusAfter('not-tried', 'blocked')).toBe('blocked');
    expect(statusAfter('exploited', 'blocked')).toBe('both');
    expect(statusAfter('blocked', 'exploited')).toBe('both');
    expect(statusAfter('exploited', 'exploited')).toBe('exploited');
    expect(statusAfter('both', 'exploited')).toBe('both');
    expect(statusAfter('blocked', null)).toBe('blocked');
  });

  it('counts a defence as off while any toggle the attack defeats is off', () => {
    const defeats = ['session.sameSite', 'session.csrfToken'];
    expect(defenceStateOf(defeats, { 'session.sameSite': true, 'session.csrfToken': true })).toBe('on');
    expect(defenceStateOf(defeats, { 'session.sameSite': false, 'session.csrfToken': true })).toBe('off');
    expect(defenceStateOf(defeats, undefined)).toBe('on');
  });
});
