import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/common/errors';
import { TOGGLES } from '../../../src/common/toggles';
import { AUTHORIZE_CHECKS, PAGE_CHECKS } from '../../../src/server/labs/oauth/checks/authorize';
import {
  CODE_GRANT_CHECKS,
  checkClientAuthentication,
  checkFormBody,
  checkPasswordGrant,
} from '../../../src/server/labs/oauth/checks/token';

describe("Lab ID's checks declare themselves", () => {
  const checks = [
    ...PAGE_CHECKS,
    ...AUTHORIZE_CHECKS,
    checkFormBody,
    checkClientAuthentication,
    ...CODE_GRANT_CHECKS,
    checkPasswordGrant,
  ];
  const toggles = new Set<string>(TOGGLES.map((t) => t.name));

  it.each(checks.map((c) => [c.name, c] as const))('%s: a known toggle, its input and OAuth errors', (_name, check) => {
    if (check.toggle !== undefined) expect(toggles.has(check.toggle)).toBe(true);
    expect(check.reads.length).toBeGreaterThan(0);
    expect(check.errors.length).toBeGreaterThan(0);
    for (const error of check.errors) expect(ERROR_CODES).toContain(error);
  });

  it('names are unique', () => {
    expect(new Set(checks.map((c) => c.name)).size).toBe(checks.length);
  });
});
