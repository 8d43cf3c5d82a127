/**
 * Every parser of untrusted input under 10,000 seeded mutated and random inputs: no exception escapes, every
 * rejection names its path or field, and the guarded state is unchanged (tests/fuzz/targets.ts). The
 * harness itself is checked on planted faults, and the limits on their hand-made inputs.
 */
import { describe, expect, it } from 'vitest';
import { MODEL_LIMITS, parseModel } from '../../src/engine/model.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { type FuzzTarget, nested, runFuzz } from './lib.ts';
import { FUZZ_TARGETS } from './targets.ts';

const SEED = 20261201;
const COUNT = 10_000;

describe('fuzzing the parsers', () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: ${COUNT} inputs, no crash, clear rejections`, () => {
      const r = runFuzz(target, SEED, COUNT);
      expect(r.examples).toEqual([]);
      expect(r.crashes).toBe(0);
      expect(r.inputs).toBe(COUNT + (target.hostile?.length ?? 0));
      expect(r.accepted + r.rejected).toBe(r.inputs);
      // Both answers occur: the mutants reach past the first check of the parser.
      expect(r.accepted).toBeGreaterThan(0);
      expect(r.rejected).toBeGreaterThan(0);
    });
  }

  it('is deterministic for a seed and differs between seeds', () => {
    const t = FUZZ_TARGETS.find((x) => x.name === 'url-hash')!;
    const a = runFuzz(t, 7, 500);
    expect(runFuzz(t, 7, 500)).toEqual(a);
    expect(runFuzz(t, 8, 500)).not.toEqual(a);
  });

  it('counts planted faults: a throw, an unclear message, a changed state', () => {
    let calls = 0;
    const planted: FuzzTarget = {
      name: 'planted',
      seeds: ['{"a":[1,2,3]}'],
      tokens: ['x'],
      run(input) {
        calls++;
        if (input.includes('x')) throw new TypeError('planted');
        return input.length % 2 ? { ok: true } : { ok: false, messages: ['?'] };
      },
      checkMessage: (m) => (m === '?' ? 'planted unclear message' : null),
      checkState: () => (calls === 100 ? 'planted change' : null),
    };
    const r = runFuzz(planted, 1, 2000);
    expect(r.crashes).toBe(r.inputs - r.accepted);
    expect(r.crashes).toBeGreaterThan(100);
    const problems = new Set(r.examples.map((e) => e.problem.split(' ')[0]));
    expect([...problems]).toEqual(expect.arrayContaining(['threw', 'unclear']));
    // The state check fired once, on call 100.
    calls = 0;
    const r2 = runFuzz(
      {
        ...planted,
        run: () => {
          calls++;
          return { ok: true };
        },
      },
      1,
      200,
    );
    expect(r2.crashes).toBe(1);
    expect(r2.examples[0]!.problem).toBe('state changed: planted change');
  });
});

describe('model limits on hostile files', () => {
  const issues = (x: unknown) => {
    const r = parseModel(x);
    return r.ok ? [] : r.issues.map((i) => i.message);
  };

  it('refuses 1e5-deep nesting by a scan, with its line and column', () => {
    // The root object is level 1, so the 64th bracket of line 2 (column 26 + 64) is level 65.
    const t0 = performance.now();
    expect(issues(`{\n "inputDim": 2, "layers": ${nested(100_000)}}`)).toEqual([
      `(file) nests arrays and objects more than ${MODEL_LIMITS.maxNestingDepth} deep (at line 2, column 90); a model needs 5`,
    ]);
    expect(performance.now() - t0).toBeLessThan(2000);
    // Brackets inside strings do not count.
    const r = parseModel(
      JSON.stringify({
        name: '['.repeat(1000),
        inputDim: 1,
        layers: [{ weights: [[1]], bias: [0], activation: 'relu' }],
      }),
    );
    expect(r.ok).toBe(true);
  });

  it('refuses declared sizes before allocating them', () => {
    // 65,536 rows on a 1e6-input model: 6.6e10 weights declared by a 200 kB file.
    const rows = `[${'[],'.repeat(65_535)}[]]`;
    expect(
      issues(`{"inputDim":1000000,"layers":[{"weights":${rows},"bias":[],"activation":"relu"}]}`),
    ).toEqual([
      `layers[0].weights is 65536 x 1000000, which brings the parameter count past ${MODEL_LIMITS.maxParameters}`,
    ]);
  });

  it('names NaN, infinite and overflowing weights by path', () => {
    const m = (w: unknown[], b: unknown[]) => ({
      inputDim: 2,
      layers: [{ weights: [w], bias: b, activation: 'relu' }],
    });
    expect(issues(m([Number.NaN, Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY]))).toEqual([
      'layers[0].weights[0][0] is NaN, expected a finite number',
      'layers[0].weights[0][1] is Infinity, expected a finite number',
      'layers[0].bias[0] is -Infinity, expected a finite number',
    ]);
    // 1e400 in JSON text is Infinity once parsed.
    expect(
      issues('{"inputDim":2,"layers":[{"weights":[[1,1e400]],"bias":[0],"activation":"relu"}]}'),
    ).toEqual(['layers[0].weights[0][1] is Infinity, expected a finite number']);
  });

  it('lists at most maxIssues problems and counts the rest', () => {
    const w = Array.from({ length: 300 }, () => ['x', 'y']);
    const r = issues({
      inputDim: 2,
      layers: [{ weights: w, bias: new Array(300).fill(0), activation: 'relu' }],
    });
    expect(r.length).toBe(MODEL_LIMITS.maxIssues + 1);
    expect(r[r.length - 1]).toBe(`(model) has 500 more problems than the ${MODEL_LIMITS.maxIssues} listed`);
  });
});

describe('URL hash limits', () => {
  it('decodes #iso=1e-300 (the view refuses it) and refuses an infinite view and lone surrogates', () => {
    expect(decodeHash('#iso=1e-300').state.views.contours).toBe(1e-300);
    const d = decodeHash('#view=-1e308,1e308,0,1&model=a\ud800b');
    expect(d.state.view.x0).toBe(-3);
    expect(d.state.model).toBeNull();
    expect(d.errors).toHaveLength(2);
    expect(() => encodeHash(d.state)).not.toThrow();
    expect(decodeHash(`#${'a'.repeat(2_000_001)}`).errors).toEqual([
      'the URL hash has 2000001 characters, at most 2000000 are read',
    ]);
  });
});
