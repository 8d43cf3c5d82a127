/** CSV points with their line-numbered problems, the split, and the datasets' shapes and labels. */
import { describe, expect, it } from 'vitest';
import { parsePointsCsv } from '../../src/engine/train/csv.ts';
import { makeDataset, splitPoints } from '../../src/engine/train/data.ts';
import { CLASSIFICATION_DATASETS, generateDataset, generatePoints } from '../../src/engine/train/datasets.ts';
import { createTrainer } from '../../src/engine/train/trainer.ts';

describe('CSV points', () => {
  it('reads x,y,label with a header, blank and comment lines, CRLF and a byte-order mark', () => {
    const r = parsePointsCsv('\ufeffx,y,label\r\n# a comment\r\n0.5,-1,1\r\n\r\n2,3e-1,0\r\n');
    if (!r.ok) throw new Error(r.issues[0]!.message);
    expect(r.kind).toBe('classification');
    expect(r.header).toEqual(['x', 'y', 'label']);
    expect(Array.from(r.points.x)).toEqual([0.5, -1, 2, 0.3]);
    expect(Array.from(r.points.y)).toEqual([1, 0]);
  });

  it('no header: integer labels are classes, real last values are targets; more input columns', () => {
    const c = parsePointsCsv('1,2,0\n3,4,1\n');
    expect(c.ok && c.kind).toBe('classification');
    const r = parsePointsCsv('1,2,3,0.25\n3,4,5,-1\n');
    if (!r.ok) throw new Error('parse');
    expect(r.kind).toBe('regression');
    expect(r.points.inputDim).toBe(3);
    expect(parsePointsCsv('x,y,target\n1,2,0\n').ok && parsePointsCsv('x,y,target\n1,2,0\n')).toMatchObject({
      kind: 'regression',
    });
  });

  it('reports bad rows with their line numbers and never throws', () => {
    const r = parsePointsCsv('x,y,label\n1,2,0\n1,2\nfoo,2,1\n1,2,1.5\n1,2,1\n', { kind: 'classification' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.line)).toEqual([3, 4]);
    expect(r.issues[0]!.message).toBe('line 3: has 2 columns, expected 3');
    expect(r.issues[1]!.message).toBe('line 4: x is "foo", expected a finite number');
    const labels = parsePointsCsv('1,2,0\n1,2,1.5\n1,2,-1\n', { kind: 'classification' });
    expect(!labels.ok && labels.issues.map((i) => i.message)).toEqual([
      'line 2: the label is 1.5, expected an integer class from 0 to 65535',
      'line 3: the label is -1, expected an integer class from 0 to 65535',
    ]);
    const empty = parsePointsCsv('x,y,label\n');
    expect(!empty.ok && empty.issues[0]!.message).toBe('the file has no data rows');
    const one = parsePointsCsv('5\n');
    expect(!one.ok && one.issues[0]!.line).toBe(1);
    const inf = parsePointsCsv('1,2,0\n1,Infinity,0\n');
    expect(!inf.ok && inf.issues[0]!.message).toMatch(/^line 2: column 2 is "Infinity"/);
    const many = parsePointsCsv(`1,2,0\n${'1,2\n'.repeat(50)}`);
    expect(!many.ok && many.issues.length).toBe(20);
  });

  it('a CSV trains: classes from labels, softmax for three classes', () => {
    const rows = ['x,y,label'];
    for (let k = 0; k < 60; k++) rows.push(`${(k % 3) - 1 + 0.01 * k},${0.02 * k - 0.6},${k % 3}`);
    const r = parsePointsCsv(rows.join('\n'));
    if (!r.ok) throw new Error('parse');
    const d = makeDataset(r.points, r.kind, 0.8, 1);
    if (typeof d === 'string') throw new Error(d);
    expect(d.classes).toBe(3);
    expect(d.train.count + d.test.count).toBe(60);
    const one = createTrainer({ widths: [2, 8, 1], activation: 'relu' }, d);
    expect(!one.ok && one.message).toBe('3 classes need 3 outputs (softmax), the network has 1');
    const three = createTrainer({ widths: [2, 8, 3], activation: 'relu' }, d);
    expect(three.ok && three.trainer.loss).toBe('softmax');
    const wrongInputs = createTrainer({ widths: [3, 8, 3], activation: 'relu' }, d);
    expect(!wrongInputs.ok && wrongInputs.message).toBe('the network has 3 inputs, the data has 2');
  });
});

describe('datasets and the split', () => {
  it('every classification dataset has both labels, about evenly, within its extent', () => {
    for (const name of CLASSIFICATION_DATASETS) {
      const p = generatePoints({ name, points: 600 });
      if (typeof p === 'string') throw new Error(p);
      let ones = 0;
      for (let k = 0; k < p.count; k++) ones += p.y[k]!;
      expect(ones / p.count, name).toBeGreaterThan(0.3);
      expect(ones / p.count, name).toBeLessThan(0.7);
      for (const v of p.x)
        expect(Math.abs(v), name).toBeLessThanOrEqual(2.5 * (name === 'gaussians' ? 3 : 1.06));
    }
  });

  it('labels follow the formulas: circle inside radius 0.5, xor by quadrant (noise 0, extent 1)', () => {
    const c = generatePoints({ name: 'circle', points: 200, extent: 1 });
    const x = generatePoints({ name: 'xor', points: 200, extent: 1 });
    if (typeof c === 'string' || typeof x === 'string') throw new Error('generate');
    for (let k = 0; k < 200; k++) {
      const r = Math.hypot(c.x[2 * k]!, c.x[2 * k + 1]!);
      expect(c.y[k]).toBe(r <= 0.5 + 1e-12 ? 1 : 0);
      if (c.y[k] === 0) expect(r).toBeGreaterThanOrEqual(0.7 - 1e-12);
      expect(x.y[k]).toBe(x.x[2 * k]! * x.x[2 * k + 1]! > 0 ? 1 : 0);
    }
  });

  it('the split keeps every point once; bad settings are messages', () => {
    const d = generateDataset({ name: 'moons', points: 101, split: 0.3 });
    if (typeof d === 'string') throw new Error(d);
    expect([d.train.count, d.test.count]).toEqual([30, 71]);
    expect(generateDataset({ name: 'moons', points: 1 })).toMatch(/number of points is 1/);
    expect(generateDataset({ name: 'moons', noise: -1 })).toMatch(/noise is -1/);
    expect(splitPoints({ inputDim: 2, count: 0, x: new Float64Array(), y: new Float64Array() }, 0.5, 1)).toBe(
      'there are no points',
    );
    const all = generateDataset({ name: 'plane', points: 10, split: 1 });
    if (typeof all === 'string') throw new Error(all);
    expect(all.test.count).toBe(0);
    const t = createTrainer({ widths: [2, 4, 1], activation: 'relu' }, all);
    if (!t.ok) throw new Error(t.message);
    t.trainer.step(3);
    expect(t.trainer.metrics()).toMatchObject({
      step: 3,
      testLoss: null,
      testAccuracy: null,
      trainAccuracy: null,
    });
  });
});
