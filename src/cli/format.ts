/**
 * Text formatting shared by the subcommands: short numbers for people, full-precision JSON for programs,
 * activation patterns split by layer, and a compact but readable layout for model files.
 */
import { CLI_STYLE, formatNumber } from '../engine/format.ts';
import type { ModelJson, Network } from '../engine/model.ts';

/** A number for people: 6 significant digits, no trailing zeros (`0.333333`, `1.5e-7`, `12`). */
export function fmt(x: number): string {
  return formatNumber(x, CLI_STYLE);
}

/** A list of numbers for people, e.g. `(0.5, -1.25)`. */
export function fmtList(xs: ArrayLike<number>): string {
  return `(${Array.from(xs, fmt).join(', ')})`;
}

/** Split a full activation pattern (one state per neuron of every layer) into one array per layer. */
export function patternByLayer(net: Network, pattern: ArrayLike<number>): number[][] {
  const out: number[][] = [];
  let off = 0;
  for (const L of net.layers) {
    out.push(Array.from({ length: L.outDim }, (_, j) => pattern[off + j]!));
    off += L.outDim;
  }
  return out;
}

/**
 * The pattern for people: one digit string per non-linear layer, separated by spaces (`1101 0120`);
 * linear layers are left out. `-` when the network has no non-linear layer.
 */
export function patternText(net: Network, pattern: ArrayLike<number>): string {
  const parts: string[] = [];
  let off = 0;
  for (const L of net.layers) {
    if (L.activation !== 'linear')
      parts.push(Array.from({ length: L.outDim }, (_, j) => pattern[off + j]!).join(''));
    off += L.outDim;
  }
  return parts.length > 0 ? parts.join(' ') : '-';
}

/** Split a row-major rows x cols matrix into rows of plain numbers. */
export function matrixRows(m: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from({ length: cols }, (_, c) => m[r * cols + c]!));
  return out;
}

/**
 * Serialise a model as JSON text: one line per weight row, everything else indented by two spaces. The
 * numbers are written by JSON.stringify (shortest round-trip form), so reading the text back gives the
 * same float64 values bit for bit. Ends with a newline.
 */
export function modelJsonText(model: ModelJson): string {
  const head: string[] = [];
  if (model.format !== undefined) head.push(`  "format": ${JSON.stringify(model.format)}`);
  head.push(`  "inputDim": ${model.inputDim}`);
  if (model.name !== undefined) head.push(`  "name": ${JSON.stringify(model.name)}`);
  const layers = model.layers.map((L) => {
    const lines = [
      `      "weights": [\n${L.weights.map((row) => `        ${JSON.stringify(row)}`).join(',\n')}\n      ]`,
      `      "bias": ${JSON.stringify(L.bias)}`,
      `      "activation": ${JSON.stringify(L.activation)}`,
    ];
    if (L.alpha !== undefined) lines.push(`      "alpha": ${JSON.stringify(L.alpha)}`);
    return `    {\n${lines.join(',\n')}\n    }`;
  });
  head.push(`  "layers": [\n${layers.join(',\n')}\n  ]`);
  return `{\n${head.join(',\n')}\n}\n`;
}

/** Left-aligned `label value` lines for people, labels padded to one width. */
export function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}\n`).join('');
}
