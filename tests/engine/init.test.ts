/** Seeded initialisation: bit-for-bit reproducible from its seed, with the scheme's statistics. */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { Rng } from '../../src/engine/rng.ts';

/** Every float64 of the network as its 64 bits, in order. */
function bits(net: Network): bigint[] {
  const out: bigint[] = [];
  for (const L of net.layers) {
    for (const arr of [L.weights, L.bias, L.alpha])
      out.push(...new BigUint64Array(Float64Array.from(arr).buffer));
  }
  return out;
}

/** FNV-1a over the 64-bit patterns, as a hex string: a fingerprint of every bit of the network. */
function fingerprint(net: Network): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bits(net)) {
    h ^= b;
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16);
}

describe('initNetwork', () => {
  it('reproduces bit for bit from its seed', () => {
    for (const init of ['he', 'glorot', 'uniform'] as const) {
      const a = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 7, init });
      const b = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 7, init });
      expect(bits(a)).toEqual(bits(b));
      const c = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 8, init });
      expect(fingerprint(c)).not.toBe(fingerprint(a));
    }
  });

  it('matches the recorded fingerprint of seed 7 (the same on every JavaScript engine and version)', () => {
    const net = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 7 });
    expect(fingerprint(net)).toBe(FINGERPRINT_SEED_7);
    expect(net.layers[0]!.weights[0]).toBe(FIRST_WEIGHT_SEED_7);
  });

  it('follows the He scheme: weights with standard deviation sqrt(2 / in)', () => {
    const net = initNetwork({ widths: [50, 400, 1], activation: 'relu', seed: 1 });
    const w = net.layers[0]!.weights;
    let s = 0;
    let s2 = 0;
    for (const v of w) {
      s += v;
      s2 += v * v;
    }
    const mean = s / w.length;
    const std = Math.sqrt(s2 / w.length - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeGreaterThan(0.98 * Math.sqrt(2 / 50));
    expect(std).toBeLessThan(1.02 * Math.sqrt(2 / 50));
  });

  it('uses per-layer activations, a linear output layer, alpha and the weight scale', () => {
    const net = initNetwork({
      widths: [1, 3, 4, 2],
      activation: ['leaky_relu', 'hardtanh'],
      alpha: 0.2,
      seed: 3,
    });
    expect(net.layers.map((L) => L.activation)).toEqual(['leaky_relu', 'hardtanh', 'linear']);
    expect(Array.from(net.layers[0]!.alpha)).toEqual([0.2, 0.2, 0.2]);
    const x2 = initNetwork({
      widths: [1, 3, 4, 2],
      activation: ['leaky_relu', 'hardtanh'],
      seed: 3,
      weightScale: 2,
    });
    const x1 = initNetwork({ widths: [1, 3, 4, 2], activation: ['leaky_relu', 'hardtanh'], seed: 3 });
    expect(Array.from(x2.layers[1]!.weights)).toEqual(Array.from(x1.layers[1]!.weights, (v) => 2 * v));
  });

  it('rejects bad widths', () => {
    expect(() => initNetwork({ widths: [2], activation: 'relu' })).toThrow(RangeError);
    expect(() => initNetwork({ widths: [2, 0, 1], activation: 'relu' })).toThrow(RangeError);
  });
});

describe('Rng', () => {
  it('gives the recorded sequence for seed 1', () => {
    const r = new Rng(1);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual(RNG_SEED_1);
  });
});

// Recorded from this implementation; a change here means saved seeds no longer reproduce their networks.
const FINGERPRINT_SEED_7 = '7f65dd79234f83e5';
const FIRST_WEIGHT_SEED_7 = -0.39971198624250825;
const RNG_SEED_1 = [1828152527, 3394835397, 2967886022];
