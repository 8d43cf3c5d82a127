/**
 * Command-line argument parsing for `relu-origami`: options with values (`--window -3,3,-3,3` or
 * `--window=-3,3,-3,3`, the value taken as it is even when it starts with `-`), flags, positionals, and
 * strict number parsing (exponents allowed, nothing else: no hex, no blanks, no Infinity).
 */

/** A mistake in the command line or its input files: reported as one line on stderr, exit status 2. */
export class UsageError extends Error {
  /** Create a usage error with a one-line message (no "relu-origami:" prefix; the runner adds it). */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Longest piece of the user's input quoted in a message (the rest is cut and marked with …). */
export const QUOTE_LIMIT = 60;

/** `text` cut to {@link QUOTE_LIMIT} characters (with … when cut), for quoting input in a message. */
export function clip(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

/** The options a subcommand accepts: `value` options take one argument, `flag` options take none. */
export type OptionSpec = Readonly<Record<string, 'value' | 'flag'>>;

/** The parsed command line of one subcommand. */
export interface ParsedArgs {
  /** Arguments that are not options, in order. */
  positionals: string[];
  /** The value of each `value` option given (by name, without the leading dashes). */
  values: Map<string, string>;
  /** The `flag` options given (by name, without the leading dashes). */
  flags: Set<string>;
}

/**
 * Parse `argv` (the arguments after the subcommand) against `spec`. An option's value is the next argument
 * whatever it starts with, or the text after `=`. `--` ends the options. A lone `-` is a positional.
 * Throws a {@link UsageError} on an unknown option, a missing value, a value given to a flag, or an option
 * given twice.
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    i++;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--'))
      throw new UsageError(`unknown option ${clip(arg)} (options are spelled --name)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) {
      const known = Object.keys(spec)
        .map((k) => `--${k}`)
        .join(', ');
      throw new UsageError(`unknown option --${clip(name)}${known ? ` (this command takes ${known})` : ''}`);
    }
    if (out.values.has(name) || out.flags.has(name)) throw new UsageError(`option --${name} is given twice`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i];
      if (next === undefined) throw new UsageError(`option --${name} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`option --${name} needs a value`);
    out.values.set(name, value);
  }
  return out;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parse one finite decimal number (exponents allowed: `1e-5`). `what` names it in the error message. */
export function parseNumber(text: string, what: string): number {
  const t = text.trim();
  const v = NUMBER.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(v)) throw new UsageError(`${what} has "${clip(text)}", expected a finite number`);
  return v;
}

/**
 * Parse a comma-separated list of finite numbers whose length is one of `counts` (e.g. [4] for a
 * window, [2] for a point). `what` names the list in error messages, e.g. `--window`.
 */
export function parseNumberList(text: string, what: string, counts: readonly number[]): number[] {
  const parts = text.split(',');
  if (!counts.includes(parts.length)) {
    const expected = counts.map((c) => `${c} number${c === 1 ? '' : 's'}`).join(' or ');
    throw new UsageError(
      `${what} has ${parts.length} value${parts.length === 1 ? '' : 's'}, expected ${expected}`,
    );
  }
  return parts.map((p, k) => parseNumber(p, `${what} value ${k + 1}`));
}

/** Parse an integer in [min, max]; `what` names it in the error message. */
export function parseInteger(text: string, what: string, min: number, max: number): number {
  const v = parseNumber(text, what);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`${what} has "${clip(text)}", expected an integer from ${min} to ${max}`);
  }
  return v;
}
