/**
 * Plane points from the data on the map: three rows (by index or label=N) of the loaded points become
 * p0, p1, p2, stored under a name with the label "through data rows i, j, k"; bad choices are refused
 * field by field (no data, wrong input count, fewer than three rows, out of range, collinear points).
 */
import { describe, expect, it } from 'vitest';
import type { MapData } from '../../src/app/dataStore.ts';
import { planeOfChoice } from '../../src/app/planeChoice.ts';

const n = 5;
// Row p has inputs (p, p², 1, 0, -p) but rows 3, 4, 5 lie on one line (p + 2·(row 4 - row 3)).
const rows = [
  [0, 0, 1, 0, 0],
  [1, 1, 1, 0, -1],
  [2, 4, 1, 0, -2],
  [1, 1, 0, 1, 0],
  [2, 3, 0, 1, 1],
  [3, 5, 0, 1, 2],
];
const data: MapData = {
  kind: 'classification',
  source: 'API',
  points: {
    inputDim: n,
    count: rows.length,
    x: Float64Array.from(rows.flat()),
    y: Float64Array.from([0, 1, 2, 1, 0, 2]),
  },
};

describe('plane through data rows', () => {
  it('takes the rows as p0, p1, p2 and names them', () => {
    const r = planeOfChoice({ kind: 'data', rows: [4, 1, 2] }, n, data);
    if (Array.isArray(r)) throw new Error(r.join('; '));
    expect(r.stored).toEqual({ plane: [rows[4], rows[1], rows[2]], label: 'through data rows 4, 1, 2' });
    expect(r.spec?.kind).toBe('stored');
    // label=N picks the first further point of class N.
    const l = planeOfChoice({ kind: 'data', rows: ['label=1', 'label=1', 'label=2'] }, n, data);
    if (Array.isArray(l)) throw new Error(l.join('; '));
    expect(l.stored?.label).toBe('through data rows 1, 3, 2');
    expect(l.stored?.plane).toEqual([rows[1], rows[3], rows[2]]);
  });

  it('refuses bad rows, naming the field', () => {
    expect(planeOfChoice({ kind: 'data', rows: [0, 1, 2] }, n, null)).toEqual([
      'rows: no data is loaded (load a CSV of points first)',
    ]);
    expect(planeOfChoice({ kind: 'data', rows: [0, 1, 2] }, 6, data)).toEqual([
      'rows: the data has 5 inputs per point, the network 6',
    ]);
    expect(planeOfChoice({ kind: 'data', rows: [0, 1] }, n, data)).toEqual([
      'rows: 2 rows given, expected 3 (e.g. [4, 17, 20])',
    ]);
    expect(planeOfChoice({ kind: 'data', rows: [0, 6, -1] }, n, data)).toEqual([
      'row 2 ("6"): expected a row index from 0 to 5 or label=N',
      'row 3 ("x"): expected a row index from 0 to 5 or label=N',
    ]);
    expect(planeOfChoice({ kind: 'data', rows: [0, 'label=7', 2] }, n, data)).toEqual([
      'row 2 ("label=7"): no further row has label 7',
    ]);
    const col = planeOfChoice({ kind: 'data', rows: [3, 4, 5] }, n, data);
    expect(Array.isArray(col) && col.length === 1 && col[0]!.startsWith('rows 3, 4, 5: ')).toBe(true);
    const regression = { ...data, kind: 'regression' as const };
    expect(planeOfChoice({ kind: 'data', rows: ['label=1', 0, 2] }, n, regression)).toEqual([
      'row 1 ("label=1"): the data has no labels',
    ]);
  });
});
