/**
 * The long fuzzing run: `npm run fuzz -- --seed S --count N [--parser NAME]` runs every parser of
 * tests/fuzz/targets.ts (or the one named) on N seeded inputs and prints one JSON array of
 * {parser, inputs, rejected, accepted, crashes, examples, seconds}. Exits with status 1 when any input
 * crashed a parser, 2 on a bad command line.
 */
import { parseArgs, parseInteger, UsageError } from '../src/cli/args.ts';
import { runFuzz } from '../tests/fuzz/lib.ts';
import { FUZZ_TARGETS } from '../tests/fuzz/targets.ts';

function main(argv: readonly string[]): number {
  const a = parseArgs(argv, { seed: 'value', count: 'value', parser: 'value' });
  const seed = parseInteger(a.values.get('seed') ?? '1', '--seed', 0, 0xffffffff);
  const count = parseInteger(a.values.get('count') ?? '100000', '--count', 1, 1e9);
  const name = a.values.get('parser');
  const targets = name === undefined ? FUZZ_TARGETS : FUZZ_TARGETS.filter((t) => t.name === name);
  if (targets.length === 0) {
    throw new UsageError(
      `--parser has "${name}", expected one of ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`,
    );
  }
  const reports = targets.map((t) => {
    const t0 = performance.now();
    const r = runFuzz(t, seed, count);
    return { ...r, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) };
  });
  console.log(JSON.stringify(reports, null, 1));
  return reports.some((r) => r.crashes > 0) ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`fuzz: ${e.message}`);
  process.exitCode = 2;
}
