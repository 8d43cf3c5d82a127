/** The real `relu-origami` binary (bin/relu-origami.mjs through tsx), run as a child process. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/relu-origami.mjs', import.meta.url));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/relu-origami.mjs', () => {
  it('runs init piped into regions (MODEL - reads standard input)', () => {
    const model = run(['init', '--widths', '2,8,8,1', '--seed', '5']);
    expect(model.status).toBe(0);
    const r = run(['regions', '-', '--window', '-3,3,-3,3', '--json'], model.out);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.out) as {
      regions: number;
      vertices: number;
      edges: number;
      complete: boolean;
    };
    expect(report.complete).toBe(true);
    expect(report.vertices - report.edges + report.regions).toBe(1);
  });

  it('exits 2 with one line on stderr and no stack trace on bad input', () => {
    const r = run(['regions', 'no/such/model.json', '--window', '-3,3,-3,3']);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('relu-origami: cannot read model file "no/such/model.json": no such file\n');
    const bad = run(
      ['eval', '-', '--point', '0,0'],
      '{"inputDim": 2, "layers": [{"weights": [[1, 2]], "bias": []}]}',
    );
    expect(bad.status).toBe(2);
    expect(bad.err.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('layers[0].bias has 0 entries, expected 1');
    expect(bad.err).toContain('layers[0].activation is undefined');
  });

  it('runs through `npm run -s relu-origami --` as the README says', () => {
    const r = spawnSync('npm', ['run', '-s', 'relu-origami', '--', '--help'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('relu-origami regions MODEL --window');
  });
});
