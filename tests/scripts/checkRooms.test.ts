import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRooms, formatViolation, readSources, resolveImport } from '../../scripts/check-rooms.ts';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts/check-rooms.ts');

describe('the room check', () => {
  it('passes on the real tree under src/', () => {
    const files = readSources(root);
    expect(files.length).toBeGreaterThan(50);
    expect(checkRooms(files).map(formatViolation)).toEqual([]);
  });

  it('reports an engine -> render import with file, line, import and rule', () => {
    const text =
      "/** Doc. */\nimport { a } from './model.ts';\nimport {\n  b,\n} from '../render/palette.ts';\n";
    const found = checkRooms([{ path: 'src/engine/x.ts', text }]);
    expect(found).toEqual([
      {
        file: 'src/engine/x.ts',
        line: 5,
        specifier: '../render/palette.ts',
        target: 'src/render/palette.ts',
        rule: 'src/engine imports nothing outside src/engine',
      },
    ]);
    expect(formatViolation(found[0]!)).toBe(
      "src/engine/x.ts:5: import '../render/palette.ts' (src/render/palette.ts) breaks the rule: " +
        'src/engine imports nothing outside src/engine',
    );
  });

  it('holds each room to its rule, and allows what the rules allow', () => {
    const cases: [string, string, boolean][] = [
      ['src/engine/io/a.ts', '../forward.ts', true],
      ['src/engine/a.ts', 'fflate', true],
      ['src/engine/a.ts', 'regl', false],
      ['src/engine/a.ts', 'node:fs', false],
      ['src/engine/a.ts', '../state/hash.ts', false],
      ['src/state/a.ts', '../engine/model.ts', true],
      ['src/state/a.ts', './colourMode.ts', true],
      ['src/state/a.ts', '../views/settings.ts', false],
      ['src/state/a.ts', '../render/palette.ts', false],
      ['src/state/a.ts', '../app/app.ts', false],
      ['src/render/a.ts', '../state/colourMode.ts', true],
      ['src/render/a.ts', '../../shaders/hash.glsl?raw', true],
      ['src/render/a.ts', '../ui/hud.ts', false],
      ['src/render/a.ts', '../views/plot.ts', false],
      ['src/render/a.ts', '../app/app.ts', false],
      ['src/cli/a.ts', '../state/hash.ts', true],
      ['src/cli/a.ts', 'puppeteer', true],
      ['src/cli/a.ts', '../app/exportImage.ts', false],
      ['src/cli/a.ts', '../render/renderer.ts', false],
      ['src/cli/a.ts', '../ui/gui.ts', false],
      ['src/views/a.ts', '../app/app.ts', true],
    ];
    for (const [path, specifier, allowed] of cases) {
      const text = `export { x } from '${specifier}';\n`;
      expect(checkRooms([{ path, text }]).length, `${path} -> ${specifier}`).toBe(allowed ? 0 : 1);
    }
  });

  it('sees type-only, side-effect and dynamic imports, and ignores comments and strings', () => {
    const text = [
      "import type { A } from '../render/a.ts';",
      "import '../ui/b.ts';",
      "const c = await import('../app/c.ts');",
      "// import { d } from '../views/d.ts';",
      'const s = "from \'../views/e.ts\'";',
    ].join('\n');
    const found = checkRooms([{ path: 'src/engine/x.ts', text }]);
    expect(found.map((v) => [v.line, v.target])).toEqual([
      [1, 'src/render/a.ts'],
      [2, 'src/ui/b.ts'],
      [3, 'src/app/c.ts'],
    ]);
  });

  it('resolves relative imports from the importing file and names packages', () => {
    expect(resolveImport('src/engine/io/png.ts', '../../render/x.ts')).toEqual({ path: 'src/render/x.ts' });
    expect(resolveImport('src/a/b.ts', '@scope/pkg/sub')).toEqual({ pkg: '@scope/pkg' });
    expect(resolveImport('src/a/b.ts', 'fflate')).toEqual({ pkg: 'fflate' });
  });

  it('exits 1 with the message on a temporary tree with an engine -> render import, 0 without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooms-'));
    try {
      mkdirSync(join(dir, 'src/engine'), { recursive: true });
      mkdirSync(join(dir, 'src/render'), { recursive: true });
      writeFileSync(join(dir, 'src/render/palette.ts'), 'export const m = 1;\n');
      writeFileSync(join(dir, 'src/engine/ok.ts'), 'export const k = 2;\n');
      const run = () =>
        spawnSync(process.execPath, ['--import', 'tsx', script, dir], { cwd: root, encoding: 'utf8' });
      const clean = run();
      expect(clean.status, clean.stderr).toBe(0);
      writeFileSync(
        join(dir, 'src/engine/bad.ts'),
        "import { m } from '../render/palette.ts';\nexport { m };\n",
      );
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain(
        "src/engine/bad.ts:1: import '../render/palette.ts' (src/render/palette.ts) breaks the rule: " +
          'src/engine imports nothing outside src/engine',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
