/**
 * A generic, deterministic fuzzer for the parsers of untrusted input. A {@link FuzzTarget} describes one
 * parser: valid seed inputs, the words of its language, how to run it and how to judge its answer. The
 * fuzzer feeds it mutated seeds (bit flips, truncations, deleted and repeated slices, hostile tokens,
 * brackets nested up to 1e5 deep, random characters) and random inputs, all drawn from the project's seeded
 * {@link Rng}, and counts an input as a crash when the parser throws anything but its declared rejection, when
 * a rejection message does not name its path or field, or when the state the target guards changed.
 */
import { Rng } from '../../src/engine/rng.ts';

/** A parser's answer to one input: accepted, or rejected with its messages. */
export type FuzzOutcome = { ok: true } | { ok: false; messages: readonly string[] };

/** One parser under fuzzing: adding a parser to the suite and to `npm run fuzz` is one of these. */
export interface FuzzTarget {
  /** Name in reports, e.g. "model-json". */
  name: string;
  /** Valid inputs to mutate (text; several shapes make better mutants). */
  seeds: readonly string[];
  /** Words of the input language spliced into the mutants (field names, separators, hostile values). */
  tokens: readonly string[];
  /** Hand-made hostile inputs run before the random ones (each counts as one input). */
  hostile?: readonly string[];
  /** Run the parser on `input`; a thrown error counts as a crash unless `isRejection` accepts it. */
  run(input: string): FuzzOutcome;
  /** True when a thrown error is the parser's documented way of refusing (e.g. a UsageError). */
  isRejection?(e: unknown): string | null;
  /** Null when a rejection message is clear (names what and where), else why it is not. */
  checkMessage(message: string): string | null;
  /** Null when the state the parser must not change is intact after an input, else what changed. */
  checkState?(): string | null;
}

/** The figures of one fuzzing run, as `npm run fuzz` prints them. */
export interface FuzzReport {
  /** The target's name. */
  parser: string;
  /** Inputs run (hostile ones included). */
  inputs: number;
  /** Inputs rejected with clear messages. */
  rejected: number;
  /** Inputs accepted. */
  accepted: number;
  /** Inputs that threw, gave an unclear message or changed the guarded state. */
  crashes: number;
  /** The first few crashes: the input (cut to 200 characters) and what went wrong. */
  examples: { input: string; problem: string }[];
}

/** Hostile values every text parser meets: overflow, non-numbers, odd unicode, markup, wrong types. */
export const HOSTILE_TOKENS: readonly string[] = [
  '1e400',
  '-1e400',
  '1e-400',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '9007199254740993',
  '1e308',
  '0x10',
  '""',
  '"\\u0000"',
  '"\\ud800"',
  '\ud800',
  '\u0000',
  '\u202e',
  '😀',
  'é',
  'null',
  'true',
  '{}',
  '[]',
  '[[]]',
  '"__proto__"',
  '{"__proto__":{"x":1}}',
  '<img src=x onerror="window.__xss=1">',
  ',',
  ':',
  '"',
  '\\',
  '%',
  '%E0%A4%A',
  '&',
  '=',
  ';',
  '-',
  '.',
  ' ',
  '\n',
];

const CHARSET =
  ' \t\n!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~é😀\u0000';

/** Brackets nested `depth` deep around `inner` (an array: `[[[inner]]]`, or objects when `objects`). */
export function nested(depth: number, inner = '', objects = false): string {
  return objects
    ? '{"a":'.repeat(depth) + (inner || '0') + '}'.repeat(depth)
    : '['.repeat(depth) + inner + ']'.repeat(depth);
}

/** A random string of up to `max` characters from a mixed charset and the tokens. */
export function randomText(rng: Rng, tokens: readonly string[], max = 200): string {
  const n = rng.int(max + 1);
  let out = '';
  while (out.length < n)
    out += rng.next() < 0.3 ? tokens[rng.int(tokens.length)]! : [...CHARSET][rng.int([...CHARSET].length)]!;
  return out;
}

/** One mutant of `s`: one to four of the mutation operators, applied in turn. */
export function mutate(rng: Rng, s: string, tokens: readonly string[]): string {
  let t = s;
  const ops = 1 + rng.int(4);
  for (let k = 0; k < ops; k++) {
    const n = t.length;
    const at = rng.int(n + 1);
    switch (rng.int(9)) {
      case 0: {
        // Flip one bit of one UTF-16 code unit (lone surrogates included).
        if (n === 0) break;
        const i = rng.int(n);
        t = t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << rng.int(16))) + t.slice(i + 1);
        break;
      }
      case 1:
        t = t.slice(0, at);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(Math.min(n, at + 1 + rng.int(40)));
        break;
      case 3: {
        const from = rng.int(n + 1);
        const piece = t.slice(from, from + 1 + rng.int(200));
        t = t.slice(0, at) + piece.repeat(1 + rng.int(3)) + t.slice(at);
        break;
      }
      case 4:
      case 5:
        t = t.slice(0, at) + tokens[rng.int(tokens.length)]! + t.slice(at);
        break;
      case 6: {
        // Replace a number of the text by a hostile one.
        const m = [...t.matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)];
        const hit = m[rng.int(Math.max(1, m.length))];
        if (!hit || hit.index === undefined) break;
        const hostile = [
          '1e400',
          '-1e400',
          'NaN',
          '1e308',
          '-0',
          '0',
          '65536',
          '1000000',
          '4294967296',
          '1e-320',
        ];
        t = t.slice(0, hit.index) + hostile[rng.int(hostile.length)]! + t.slice(hit.index + hit[0].length);
        break;
      }
      case 7: {
        // Nest brackets at a random place: mostly shallow, sometimes a hundred thousand deep.
        const depth = rng.next() < 0.02 ? 100_000 : 1 + rng.int(rng.next() < 0.5 ? 8 : 200);
        t = t.slice(0, at) + nested(depth, '', rng.next() < 0.3) + t.slice(at);
        break;
      }
      default: {
        if (n === 0) break;
        const i = rng.int(n);
        const c = [...CHARSET];
        t = t.slice(0, i) + c[rng.int(c.length)]! + t.slice(i + 1);
      }
    }
  }
  return t;
}

/**
 * Run `target` on its hostile inputs and then on `count` inputs drawn from `seed` (80% mutated seeds, 20%
 * random text). Deterministic: the same seed and count give the same inputs and the same report.
 */
export function runFuzz(target: FuzzTarget, seed: number, count: number): FuzzReport {
  const rng = new Rng(seed);
  const tokens = [...target.tokens, ...HOSTILE_TOKENS];
  const report: FuzzReport = {
    parser: target.name,
    inputs: 0,
    rejected: 0,
    accepted: 0,
    crashes: 0,
    examples: [],
  };
  const crash = (input: string, problem: string) => {
    report.crashes++;
    if (report.examples.length < 5) report.examples.push({ input: input.slice(0, 200), problem });
  };
  const one = (input: string) => {
    report.inputs++;
    let outcome: FuzzOutcome;
    try {
      outcome = target.run(input);
    } catch (e) {
      const why = target.isRejection?.(e) ?? null;
      if (why === null) {
        crash(input, `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        return;
      }
      outcome = { ok: false, messages: [why] };
    }
    let changed: string | null;
    try {
      changed = target.checkState?.() ?? null;
    } catch (e) {
      changed = `the check threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    }
    if (changed !== null) return crash(input, `state changed: ${changed}`);
    if (outcome.ok) {
      report.accepted++;
      return;
    }
    if (outcome.messages.length === 0) return crash(input, 'rejected without a message');
    for (const m of outcome.messages) {
      const unclear = target.checkMessage(m);
      if (unclear !== null)
        return crash(input, `unclear message ${JSON.stringify(m.slice(0, 200))}: ${unclear}`);
    }
    report.rejected++;
  };
  for (const h of target.hostile ?? []) one(h);
  for (let i = 0; i < count; i++) {
    const input =
      rng.next() < 0.8 && target.seeds.length > 0
        ? mutate(rng, target.seeds[rng.int(target.seeds.length)]!, tokens)
        : randomText(rng, tokens);
    one(input);
  }
  return report;
}

/** Null when `m` is a one-paragraph message of at most `max` characters, else what is wrong with it. */
export function plainMessage(m: string, max = 400): string | null {
  if (m.length === 0) return 'empty';
  if (m.length > max) return `longer than ${max} characters`;
  return null;
}
