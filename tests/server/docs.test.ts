import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README and the docs it links must stand on their own in a fresh clone:
// every relative link points at a file in the repository.
const root = join(import.meta.dirname, '..', '..');
const markdownIn = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${dir}/${name}`);
const files = [
  'README.md',
  'resources/drills/FORMAT.md',
  'bench/README.md',
  ...markdownIn('docs'),
  ...markdownIn('docs/labs'),
];
/** The README is the front door: the commands, the labs and how to contribute; the rest lives in docs/. */
const README_MAX_LINES = 260;

describe('documentation links', () => {
  it.each(files)('%s links only to files that exist', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!.split('#')[0]!)
      .filter((target) => target && !/^[a-z]+:/i.test(target));
    for (const target of targets) expect(existsSync(join(root, dirname(file), target)), target).toBe(true);
  });

  it('covers the lab manuals and the bench notes', () => {
    expect(files).toEqual(expect.arrayContaining(['docs/labs/session.md', 'docs/RUNNING.md', 'bench/README.md']));
  });

  it(`the README is at most ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
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
