import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README and the docs it links must stand on their own in a fresh clone:
// every relative link points at a file in the repository.
const root = join(import.meta.dirname, '..', '..');
const files = ['README.md', 'resources/drills/FORMAT.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)];

describe('documentation links', () => {
  it.each(files)('%s links only to files that exist', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!.split('#')[0]!)
      .filter((target) => target && !/^[a-z]+:/i.test(target));
    for (const target of targets) expect(existsSync(join(root, dirname(file), target)), target).toBe(true);
  });

  it('the README names no document that is not in the repository', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const [name] of readme.matchAll(/\b[A-Z]+\.md\b/g)) {
      const places = ['docs', '.', 'resources/drills'].map((dir) => join(root, dir, name));
      expect(
        places.some((path) => existsSync(path)),
        name,
      ).toBe(true);
    }
  });
});
