/**
 * A CSV reader for training points: each row is the input coordinates followed by one label (`x,y,label`)
 * or target (`x,y,target`); more input columns for networks with more inputs. A first row that is not all
 * numbers is a header. Blank lines and lines starting with `#` are skipped. Separators are commas (a row
 * may also use semicolons or tabs, one kind per file); surrounding blanks and a byte-order mark are
 * ignored. Problems come back as values with their line numbers; nothing throws.
 */
import type { PointSet, TaskKind } from './data.ts';

/** One problem of a CSV file: the line (1-based, 0 for the whole file) and what was wrong there. */
export interface CsvIssue {
  /** Line number, counting from 1; 0 when the problem concerns the whole file. */
  readonly line: number;
  /** What was wrong, as a full message that includes the line number. */
  readonly message: string;
}

/** The result of {@link parsePointsCsv}: the points and the task they imply, or the problems found. */
export type CsvResult =
  | { ok: true; points: PointSet; kind: TaskKind; header: string[] | null }
  | { ok: false; issues: CsvIssue[] };

/** Options of {@link parsePointsCsv}. */
export interface CsvOptions {
  /** Force the task; by default it comes from the header's last name or the values (see parsePointsCsv). */
  kind?: TaskKind;
  /** Stop collecting problems after this many (default 20). */
  maxIssues?: number;
  /** Refuse files with more rows than this (default 1,000,000). */
  maxRows?: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LABEL_NAMES = ['label', 'class', 'category'];
const TARGET_NAMES = ['target', 'value', 'output', 'z'];

/**
 * Parse CSV text into points. The task: `opts.kind` if given; else classification when the header's last
 * name is label/class/category, regression when it is target/value/output/z; else classification when every
 * last value is a non-negative integer, regression otherwise. Every row must have the same number of
 * columns (at least 2). Labels of a classification file must be integers from 0 to 65535.
 */
export function parsePointsCsv(text: string, opts: CsvOptions = {}): CsvResult {
  const maxIssues = opts.maxIssues ?? 20;
  const maxRows = opts.maxRows ?? 1_000_000;
  const issues: CsvIssue[] = [];
  const add = (line: number, what: string) => {
    if (issues.length < maxIssues)
      issues.push({ line, message: line > 0 ? `line ${line}: ${what}` : `the file ${what}` });
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  let header: string[] | null = null;
  let columns = 0;
  const rows: number[][] = [];
  const rowLines: number[] = [];
  let sep: string | null = null;
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    const raw = lines[k]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    if (sep === null)
      sep = raw.includes(',') ? ',' : raw.includes(';') ? ';' : raw.includes('\t') ? '\t' : ',';
    const cells = raw.split(sep).map((c) => c.trim());
    const numeric = cells.every((c) => NUMBER.test(c));
    if (columns === 0) {
      if (cells.length < 2) {
        add(lineNo, `has ${cells.length} column, expected at least 2 (inputs, then a label or target)`);
        return { ok: false, issues };
      }
      columns = cells.length;
      if (!numeric) {
        header = cells.map((c) => c.replace(/^"(.*)"$/, '$1'));
        continue;
      }
    }
    if (cells.length !== columns) {
      add(lineNo, `has ${cells.length} columns, expected ${columns}`);
      continue;
    }
    const values: number[] = [];
    let bad = false;
    for (let c = 0; c < cells.length; c++) {
      const v = NUMBER.test(cells[c]!) ? Number(cells[c]) : Number.NaN;
      if (!Number.isFinite(v)) {
        const h = header?.[c];
        // A header cell is quoted cut to 40 characters, as the value is: a message stays one short line.
        const name = h === undefined ? `column ${c + 1}` : h.length > 40 ? `${h.slice(0, 40)}…` : h;
        add(lineNo, `${name} is "${cells[c]!.slice(0, 40)}", expected a finite number`);
        bad = true;
        break;
      }
      values.push(v);
    }
    if (bad) continue;
    if (rows.length >= maxRows) {
      add(lineNo, `is past the limit of ${maxRows} rows`);
      return { ok: false, issues };
    }
    rows.push(values);
    rowLines.push(lineNo);
  }
  if (columns === 0 || (rows.length === 0 && issues.length === 0)) add(0, 'has no data rows');
  if (issues.length > 0) return { ok: false, issues };
  const kind = opts.kind ?? guessKind(header, rows);
  const inputDim = columns - 1;
  const n = rows.length;
  const x = new Float64Array(n * inputDim);
  const y = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const r = rows[p]!;
    for (let i = 0; i < inputDim; i++) x[p * inputDim + i] = r[i]!;
    const v = r[inputDim]!;
    if (kind === 'classification' && !(Number.isInteger(v) && v >= 0 && v <= 65_535))
      add(rowLines[p]!, `the label is ${v}, expected an integer class from 0 to 65535`);
    y[p] = v;
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, points: { inputDim, count: n, x, y }, kind, header };
}

function guessKind(header: string[] | null, rows: number[][]): TaskKind {
  const last = header?.[header.length - 1]?.toLowerCase();
  if (last !== undefined && LABEL_NAMES.includes(last)) return 'classification';
  if (last !== undefined && TARGET_NAMES.includes(last)) return 'regression';
  for (const r of rows) {
    const v = r[r.length - 1]!;
    if (!Number.isInteger(v) || v < 0) return 'regression';
  }
  return 'classification';
}
