import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The import boundaries eslint.config.js draws between the server's layers (ARCHITECTURE.md). */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries of the shared server layers', () => {
  for (const layer of ['auth', 'core', 'db']) {
    it(`${layer}/ imports no lab and no origin`, async () => {
      const file = `src/server/${layer}/boundary-probe.ts`;
      expect(await restrictedImports(file, '../labs/session/store')).toHaveLength(1);
      expect(await restrictedImports(file, '../labs/lab-module')).toHaveLength(1);
      expect(await restrictedImports(file, '../origins/origin-server')).toHaveLength(1);
      // The shared layers and common/ stay open, including common/labs (the lab declarations).
      expect(await restrictedImports(file, '../crypto/random')).toEqual([]);
      expect(await restrictedImports(file, '../../common/labs')).toEqual([]);
    });
  }

  it('a lab imports no other lab and no origin, but may use auth/', async () => {
    const file = 'src/server/labs/mfa/boundary-probe.ts';
    expect(await restrictedImports(file, '../session/store')).toHaveLength(1);
    expect(await restrictedImports(file, '../../origins/origin-server')).toHaveLength(1);
    expect(await restrictedImports(file, '../../auth/csrf')).toEqual([]);
  });
});
