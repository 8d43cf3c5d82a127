/**
 * Checks on JSON text before it is parsed: the nesting depth of arrays and objects (JSON.parse itself copes
 * with deep nesting, but every recursive walk of its result afterwards, structuredClone and JSON.stringify
 * included, overflows the stack), and where in the text something is.
 */

/**
 * The deepest nesting of arrays and objects in JSON text `text` and where it first passes `limit` (the
 * 0-based offset of that bracket), or null when it stays within `limit`. Brackets inside strings are not
 * counted. Linear time, constant memory; the text need not be valid JSON.
 */
export function nestingBeyond(text: string, limit: number): { offset: number } | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return { offset: i };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** Line and column (1-based) of offset `i` in `text`, as "line L, column C" (lines end at a line feed). */
export function lineColumn(text: string, i: number): string {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < i; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return `line ${line}, column ${i - start + 1}`;
}
