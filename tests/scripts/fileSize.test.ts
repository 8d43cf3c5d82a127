/**
 * The house rule "one concept per file": no TypeScript source file under src/ is longer than 400 lines. A
 * file that grows past it is a sign to split it by concept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

/** Longest source file allowed, in lines. */
const MAX_LINES = 400;

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it(`no source file under src/ is longer than ${MAX_LINES} lines`, () => {
  const files = sources(join(root, 'src'));
  expect(files.length).toBeGreaterThan(50);
  const long = files
    .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > MAX_LINES);
  expect(long).toEqual([]);
});
