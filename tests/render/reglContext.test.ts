/**
 * reglContext.ts patches one WebGL2 context so that regl sees only the uniforms it can set: block members
 * and unsigned-integer samplers disappear from the active-uniform list, in order and without holes, and
 * `uDataWords1` is pointed at texture unit 1 when its program links. Checked against a fake context whose
 * programs declare known uniforms.
 */
import { expect, it } from 'vitest';
import { hideBlockUniforms, integerSamplerUnits } from '../../src/render/reglContext.ts';

const ACTIVE_UNIFORMS = 0x8b86;
const LINK_STATUS = 0x8b82;
const CURRENT_PROGRAM = 0x8b8d;
const UNIFORM_BLOCK_INDEX = 0x8a3a;
const UNSIGNED_INT_SAMPLER_2D = 0x8dd8;
const FLOAT_VEC2 = 0x8b50;

interface FakeUniform {
  name: string;
  type: number;
  block: number;
}

/** A fake WebGL2 context whose programs are lists of uniforms; records uniform1i calls. */
function fakeContext(programs: Map<object, FakeUniform[]>, linkOk = true) {
  const calls: string[] = [];
  let current: object | null = null;
  const gl = {
    ACTIVE_UNIFORMS,
    LINK_STATUS,
    CURRENT_PROGRAM,
    UNIFORM_BLOCK_INDEX,
    UNSIGNED_INT_SAMPLER_2D,
    getProgramParameter: (p: object, pname: number) =>
      pname === ACTIVE_UNIFORMS ? programs.get(p)!.length : pname === LINK_STATUS ? linkOk : null,
    getActiveUniform: (p: object, i: number) => {
      const u = programs.get(p)![i];
      return u ? { name: u.name, type: u.type, size: 1 } : null;
    },
    getActiveUniforms: (p: object, indices: number[], pname: number) =>
      pname === UNIFORM_BLOCK_INDEX ? indices.map((i) => programs.get(p)![i]!.block) : [],
    linkProgram: (p: object) => calls.push(`link ${programs.has(p)}`),
    getUniformLocation: (p: object, name: string) =>
      programs.get(p)!.some((u) => u.name === name) ? { name } : null,
    getParameter: (pname: number) => (pname === CURRENT_PROGRAM ? current : null),
    useProgram: (p: object | null) => {
      current = p;
      calls.push(`use ${p === null ? 'none' : 'program'}`);
    },
    uniform1i: (loc: { name: string }, v: number) => calls.push(`${loc.name}=${v}`),
  };
  return { gl: gl as unknown as WebGL2RenderingContext, calls };
}

it('hides block members and integer samplers from the active-uniform list, keeping the others in order', () => {
  const program = {};
  const uniforms: FakeUniform[] = [
    { name: 'uWeights[0]', type: FLOAT_VEC2, block: 0 },
    { name: 'uCentre', type: FLOAT_VEC2, block: -1 },
    { name: 'uDataWords', type: UNSIGNED_INT_SAMPLER_2D, block: -1 },
    { name: 'uWeights[1]', type: FLOAT_VEC2, block: 0 },
    { name: 'uScale', type: FLOAT_VEC2, block: -1 },
  ];
  const { gl } = fakeContext(new Map([[program, uniforms]]));
  expect(gl.getProgramParameter(program, ACTIVE_UNIFORMS)).toBe(5);
  hideBlockUniforms(gl);
  expect(gl.getProgramParameter(program, ACTIVE_UNIFORMS)).toBe(2);
  expect([0, 1].map((i) => gl.getActiveUniform(program, i)?.name)).toEqual(['uCentre', 'uScale']);
  // Other parameters pass through.
  expect(gl.getProgramParameter(program, LINK_STATUS)).toBe(true);
});

it('leaves a program without blocks or integer samplers as it is', () => {
  const program = {};
  const uniforms: FakeUniform[] = [
    { name: 'a', type: FLOAT_VEC2, block: -1 },
    { name: 'b', type: FLOAT_VEC2, block: -1 },
  ];
  const { gl } = fakeContext(new Map([[program, uniforms]]));
  hideBlockUniforms(gl);
  expect(gl.getProgramParameter(program, ACTIVE_UNIFORMS)).toBe(2);
  expect(gl.getActiveUniform(program, 1)?.name).toBe('b');
});

it('points uDataWords1 at unit 1 when its program links, and restores the current program', () => {
  const composite = {};
  const other = {};
  const previous = {};
  const { gl, calls } = fakeContext(
    new Map([
      [composite, [{ name: 'uDataWords1', type: UNSIGNED_INT_SAMPLER_2D, block: -1 }]],
      [other, [{ name: 'uCentre', type: FLOAT_VEC2, block: -1 }]],
      [previous, []],
    ]),
  );
  integerSamplerUnits(gl);
  gl.useProgram(previous);
  calls.length = 0;
  gl.linkProgram(other);
  expect(calls).toEqual(['link true']);
  gl.linkProgram(composite);
  expect(calls).toEqual(['link true', 'link true', 'use program', 'uDataWords1=1', 'use program']);
  expect(gl.getParameter(CURRENT_PROGRAM)).toBe(previous);
});

it('does nothing after a failed link', () => {
  const composite = {};
  const { gl, calls } = fakeContext(
    new Map([[composite, [{ name: 'uDataWords1', type: UNSIGNED_INT_SAMPLER_2D, block: -1 }]]]),
    false,
  );
  integerSamplerUnits(gl);
  gl.linkProgram(composite);
  expect(calls).toEqual(['link true']);
});
