/** `regions` refuses, before it starts, a job whose region bound does not fit in memory (exit 2). */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';

describe('regions memory check', () => {
  const wide = JSON.stringify(
    toModelJson(initNetwork({ widths: [2, 8000, 1], activation: 'relu', seed: 1 })),
  );

  it('refuses 2-8000-1 without a cap, naming the estimate', () => {
    const io = memoryIo({ 'wide.json': wide });
    expect(runCli(['regions', 'wide.json', '--window', '-4,4,-4,4'], io)).toBe(2);
    expect(io.err).toMatch(
      /may not fit in memory: one hidden layer of 8000 lines makes up to 32004001 regions/,
    );
    expect(io.err).toMatch(/--max-regions/);
  });

  it('runs it with --max-regions', () => {
    const io = memoryIo({ 'wide.json': wide });
    expect(
      runCli(['regions', 'wide.json', '--window', '-4,4,-4,4', '--max-regions', '50', '--json'], io),
    ).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ complete: false });
  });
});
