/**
 * `relu-origami convert MODEL --out FILE.json`: read a model (ONNX or relu-origami/1 JSON, as every command
 * reads it) and write it as a relu-origami/1 JSON file.
 */
import { toModelJson } from '../engine/model.ts';
import { parseArgs, UsageError } from './args.ts';
import { modelJsonText } from './format.ts';
import type { CliIo } from './io.ts';
import { loadModelArgument } from './load.ts';

/** The options of `convert`. */
const CONVERT_OPTIONS = { out: 'value' } as const;

/**
 * Run `convert` with `argv` (after the command name): the model is read and validated, then written to
 * `--out` (`-`: standard output). Returns 0; bad input throws a {@link UsageError} (exit status 2).
 */
export function runConvert(argv: readonly string[], io: CliIo): number {
  const a = parseArgs(argv, CONVERT_OPTIONS);
  const out = a.values.get('out');
  if (out === undefined)
    throw new UsageError('convert needs --out FILE.json (or --out - for standard output)');
  const net = loadModelArgument('convert', a.positionals, io);
  const text = modelJsonText(toModelJson(net));
  if (out === '-') io.stdout(text);
  else {
    if (!io.writeFile) throw new UsageError('convert cannot write files here');
    try {
      io.writeFile(out, text);
    } catch (e) {
      throw new UsageError(`cannot write "${out}": ${e instanceof Error ? e.message : String(e)}`);
    }
    const inputs = net.inputDim;
    const widths = net.layers.map((L) => L.outDim).join('-');
    io.stderr(`relu-origami: wrote ${out} (inputs ${inputs}, layers ${widths})\n`);
  }
  return 0;
}
