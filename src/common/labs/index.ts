import type { LabDeclaration, PageDeclaration } from '../lab-registry';
import { JWT_LAB } from './jwt';
import { MFA_LAB } from './mfa';
import { OAUTH_LAB } from './oauth';
import { PASSWORD_LAB } from './password';
import { RATELIMIT_LAB } from './ratelimit';
import { SESSION_LAB } from './session';

/**
 * Every page of the app, in sidebar order: the labs (each one declaration in
 * common/labs/<lab>.ts) and the pages that are not labs. A new lab adds one
 * line here. Toggles, attack ids and the navigation all derive from this list.
 * `ready: false` hides a page from the sidebar; drill cards may still link to it.
 */
export const NAVIGATION = [
  { id: 'overview', title: 'Overview', steps: [] },
  { id: 'accounts', title: 'Accounts', steps: [] },
  { id: 'defences', title: 'Defences', steps: [] },
  SESSION_LAB,
  JWT_LAB,
  {
    id: 'inspector',
    title: 'Token inspector',
    steps: ['decode', 'verify', 'warnings', 'alg-none', 'key-confusion', 'crack'],
  },
  OAUTH_LAB,
  MFA_LAB,
  PASSWORD_LAB,
  RATELIMIT_LAB,
  { id: 'attacks', title: 'Attack catalogue', steps: [] },
  { id: 'instructor', title: 'Instructor view', ready: false, steps: ['sessions', 'revoke', 'audit'] },
  { id: 'drills', title: 'Interview drills', steps: [] },
] as const satisfies ReadonlyArray<LabDeclaration | (PageDeclaration & { ready?: boolean })>;

type Page = (typeof NAVIGATION)[number];
/** One lab's declaration (a page that declares toggles and attacks). */
export type Lab = Extract<Page, { toggles: unknown }>;

const isLab = (page: Page): page is Lab => 'toggles' in page;

/** Every lab's declaration, in sidebar order. */
export const LAB_DECLARATIONS: readonly Lab[] = NAVIGATION.filter(isLab);

export type LabId = Page['id'];
/** The route id of a lab that declares toggles and attacks ('session-lab', …). */
export type LabDeclarationId = Lab['id'];

/** The sidebar's view of every page: `ready` marks the ones built so far. */
export const LABS: ReadonlyArray<{ id: LabId; title: string; ready: boolean; steps: readonly string[] }> =
  NAVIGATION.map((page) => ({
    id: page.id,
    title: page.title,
    ready: !('ready' in page) || page.ready !== false,
    steps: page.steps,
  }));

export function isLabId(id: string): id is LabId {
  return LABS.some((lab) => lab.id === id);
}

/** The canonical steps of a page (empty for an unknown one). */
export function labSteps(id: string): readonly string[] {
  return LABS.find((lab) => lab.id === id)?.steps ?? [];
}

/** Every attack's id, across the labs. */
export type AttackId = Lab['attacks'][number]['id'];
/** The attack ids of one lab, e.g. `LabAttackId<typeof SESSION_LAB>`. */
export type LabAttackId<L extends Lab> = L['attacks'][number]['id'];

export { JWT_LAB, MFA_LAB, OAUTH_LAB, PASSWORD_LAB, RATELIMIT_LAB, SESSION_LAB };
