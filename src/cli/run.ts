/**
 * The `relu-origami` command as a function: {@link runCli} parses the arguments, runs one subcommand
 * against a {@link CliIo}, and returns the exit status. It never throws and never exits the process.
 */
import { UsageError } from './args.ts';
import { runBreakpoints } from './breakpoints.ts';
import { runConvert } from './convert.ts';
import { runEval } from './evaluate.ts';
import { HELP_TEXT } from './help.ts';
import { runInit } from './init.ts';
import type { CliIo } from './io.ts';
import { runMerge } from './merge.ts';
import { runRegions } from './regions.ts';
import { runRender } from './render.ts';
import { runTrain } from './train.ts';

/** The subcommands, by name. */
const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => number>> = {
  regions: runRegions,
  merge: runMerge,
  breakpoints: runBreakpoints,
  eval: runEval,
  init: runInit,
  convert: runConvert,
  train: runTrain,
};

/** Exit status for bad input (usage, files, models, windows). */
export const EXIT_USAGE = 2;
/** Exit status for an internal error (a bug): the message is printed without a stack trace. */
export const EXIT_INTERNAL = 1;

/**
 * Run `relu-origami` with `argv` (the arguments after the program name). Output goes to `io.stdout`;
 * a problem is one line `relu-origami: ...` on `io.stderr`. Returns 0 on success, {@link EXIT_USAGE} on
 * bad input and {@link EXIT_INTERNAL} when the engine fails.
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      throw new UsageError(
        'missing command: train, regions, merge, breakpoints, eval, init, convert or render (see relu-origami --help)',
      );
    }
    if (
      command === '--help' ||
      command === '-h' ||
      command === 'help' ||
      rest.includes('--help') ||
      rest.includes('-h')
    ) {
      io.stdout(HELP_TEXT);
      return 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (run === undefined) {
      throw new UsageError(
        `unknown command "${command}": expected train, regions, merge, breakpoints, eval, init, convert or render (see --help)`,
      );
    }
    return run(rest, io);
  } catch (e) {
    return failure(e, io);
  }
}

/** Report what a command threw, in one line on stderr; returns the exit status for it. */
function failure(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr(`relu-origami: ${oneLine(e.message)}\n`);
    return EXIT_USAGE;
  }
  io.stderr(`relu-origami: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
  return EXIT_INTERNAL;
}

/**
 * Run `relu-origami` with `argv`, including the asynchronous `render` command (headless Chromium); every
 * other command runs through {@link runCli}. Resolves to the exit status.
 */
export async function runCliAsync(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'render' || rest.includes('--help') || rest.includes('-h')) return runCli(argv, io);
  try {
    return await runRender(rest, io);
  } catch (e) {
    return failure(e, io);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, '; ');
}
