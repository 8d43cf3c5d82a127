/**
 * Loading what the command line names: a model file, a plane slice, a window. Every failure is a
 * {@link UsageError} with one line that says what was wrong and where.
 */
import { looksLikeOnnx, parseOnnx } from '../engine/io/onnx.ts';
import { lineColumn, nestingBeyond } from '../engine/jsonText.ts';
import { MODEL_LIMITS, type Network, parseModel, toModelJson } from '../engine/model.ts';
import { type Plane, type PlaneMap, planeMap, type Window, windowError } from '../engine/plane.ts';
import { clip, parseNumberList, UsageError } from './args.ts';
import type { CliIo } from './io.ts';

function readError(path: string, e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const name = path === '-' ? 'standard input' : `model file "${path}"`;
  if (code === 'ENOENT') return `cannot read ${name}: no such file`;
  if (code === 'EISDIR') return `cannot read ${name}: it is a directory`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read ${name}: permission denied`;
  return `cannot read ${name}: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * The single MODEL argument of subcommand `command`, read and validated (see {@link loadModel}); a
 * UsageError when there is not exactly one positional argument.
 */
export function loadModelArgument(command: string, positionals: readonly string[], io: CliIo): Network {
  if (positionals.length !== 1) {
    throw new UsageError(
      `${command} takes one MODEL file, got ${positionals.length} (see relu-origami --help)`,
    );
  }
  return loadModel(positionals[0]!, io);
}

/** Read and validate a `relu-origami/1` model file (`-` is standard input). */
export function loadModel(path: string, io: CliIo): Network {
  return readModel(path, io).network;
}

/**
 * The external-data side file `location` of the ONNX model at `path`, read beside it: undefined when it is
 * missing, unreadable, or not beside the model (an absolute path or one that climbs out with `..`).
 */
function sideFileReader(path: string, io: CliIo): (location: string) => Uint8Array | undefined {
  return (location) => {
    if (path === '-' || !io.readBytes) return undefined;
    if (/^([\\/]|[A-Za-z]:)/.test(location) || location.split(/[\\/]/).includes('..')) return undefined;
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    try {
      return io.readBytes(slash < 0 ? location : path.slice(0, slash + 1) + location);
    } catch {
      return undefined;
    }
  };
}

/**
 * Read and validate a model file (`-` is standard input): a `relu-origami/1` JSON file, or an ONNX model
 * (recognised by its content, or by the name `.onnx` when the content is neither), its external data read
 * from side files beside it. Returns the model's relu-origami/1 JSON and its network; notices (a dropped
 * final Softmax) go to stderr.
 */
export function readModel(path: string, io: CliIo): { json: unknown; network: Network } {
  let text: string;
  const name = path === '-' ? 'the model on standard input' : `model file "${path}"`;
  try {
    if (io.readBytes) {
      const bytes = io.readBytes(path);
      const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
      if (looksLikeOnnx(bytes) || (/\.onnx$/i.test(path) && first !== 0x7b && first !== 0xef)) {
        return readOnnx(bytes, path, name, io);
      }
      text = new TextDecoder().decode(bytes);
    } else text = io.readFile(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(readError(path, e));
  }
  let json: unknown;
  // The limits parseModel applies to text: the JSON is parsed here because it is returned too.
  if (text.length > MODEL_LIMITS.maxTextLength) {
    throw new UsageError(
      `${name} has ${text.length} characters, at most ${MODEL_LIMITS.maxTextLength} are read`,
    );
  }
  const deep = nestingBeyond(text, MODEL_LIMITS.maxNestingDepth);
  if (deep) {
    throw new UsageError(
      `${name} nests arrays and objects more than ${MODEL_LIMITS.maxNestingDepth} deep (at ${lineColumn(text, deep.offset)})`,
    );
  }
  try {
    // A byte-order mark (some Windows editors write one) is not part of the JSON.
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = parseModel(json);
  if (!r.ok) {
    const n = r.issues.length;
    throw new UsageError(
      `${name} is not a valid relu-origami/1 model (${n} problem${n === 1 ? '' : 's'}): ${r.issues
        .map((i) => i.message)
        .join('; ')}`,
    );
  }
  return { json, network: r.network };
}

function readOnnx(
  bytes: Uint8Array,
  path: string,
  name: string,
  io: CliIo,
): { json: unknown; network: Network } {
  const r = parseOnnx(bytes, { sideFiles: sideFileReader(path, io) });
  for (const n of r.notices) io.stderr(`relu-origami: note: ${name}: ${n}\n`);
  if (!r.ok) {
    const n = r.issues.length;
    throw new UsageError(
      `${name} is not an ONNX model that can be read (${n} problem${n === 1 ? '' : 's'}): ${r.issues
        .map((i) => i.message)
        .join('; ')}`,
    );
  }
  return { json: toModelJson(r.network), network: r.network };
}

/** Parse the text of `--plane` (a JSON array of three points) and check it against the network. */
export function loadPlane(text: string | undefined, inputDim: number): { plane?: Plane; map: PlaneMap } {
  let plane: Plane | undefined;
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(
        `--plane is not valid JSON: expected [[p0...],[p1...],[p2...]], got ${clip(text)}`,
      );
    }
    plane = json as Plane;
  }
  const map = planeMap(inputDim, plane);
  if (typeof map === 'string') {
    throw new UsageError(
      plane === undefined ? `${map}: pass --plane '[[p0...],[p1...],[p2...]]'` : `--plane: ${map}`,
    );
  }
  return plane === undefined ? { map } : { plane, map };
}

/**
 * Parse `--window`: x0,x1,y0,y1 (x0,x1 when `oneDimensional`, i.e. for a one-input network) and check it.
 * For one-dimensional windows y0, y1 are set to 0, 1 (unused).
 */
export function loadWindow(text: string | undefined, oneDimensional: boolean): Window {
  if (text === undefined) {
    throw new UsageError(
      `--window is required (${oneDimensional ? 'x0,x1 for a one-input model' : 'x0,x1,y0,y1'})`,
    );
  }
  const v = parseNumberList(text, '--window', [oneDimensional ? 2 : 4]);
  const w: Window = { x0: v[0]!, x1: v[1]!, y0: v[2] ?? 0, y1: v[3] ?? 1 };
  const err = windowError(w, oneDimensional);
  if (err !== null) throw new UsageError(`--window: ${err}`);
  return w;
}

/**
 * Parse a point option (`--point`, `--from`, `--to`) of a model with `n` > 2 inputs and no `--plane`: a whole
 * input point of `n` numbers.
 */
export function loadInputPoint(text: string | undefined, option: string, n: number): number[] {
  if (text === undefined) throw new UsageError(`--${option} is required (${n} numbers, or s,t with --plane)`);
  return parseNumberList(text, `--${option}`, [n]);
}

/**
 * Parse a point option (`--point`, `--from`, `--to`): x,y in plane coordinates, or x for a one-input
 * network. Returns [s, t] (t = 0 for one input).
 */
export function loadPoint(
  text: string | undefined,
  option: string,
  oneDimensional: boolean,
): [number, number] {
  if (text === undefined) throw new UsageError(`--${option} is required (${oneDimensional ? 'x' : 'x,y'})`);
  const v = parseNumberList(text, `--${option}`, [oneDimensional ? 1 : 2]);
  return [v[0]!, v[1] ?? 0];
}
