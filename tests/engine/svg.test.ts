/**
 * The SVG writer of the exact regions (src/engine/io/svg.ts): geometry against hand-computed pixel
 * coordinates (the y axis flipped), rounding to the size, escaping of text, and the regions of a network
 * against the engine's counts (regions and edges) and the map's colours of known patterns.
 */
import { describe, expect, it } from 'vitest';
import { patternHashInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import {
  escapeXml,
  networkSvg,
  regionsSvg,
  svgDecimals,
  svgSizeError,
  svgTicks,
} from '../../src/engine/io/svg.ts';
import { regionColour } from '../../src/engine/regionColour.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { linesNet } from './lib/nets.ts';

const paths = (svg: string) => [...svg.matchAll(/<path class="region" d="([^"]*)" fill="([^"]*)"/g)];

/** The vertices of an SVG path "Mx yLx y...Z" as numbers. */
const vertices = (d: string) =>
  d
    .replace(/^M|Z$/g, '')
    .split('L')
    .map((p) => p.split(' ').map(Number));

describe('regionsSvg', () => {
  it('maps the plane onto the picture with t growing upwards', () => {
    // The lower-left triangle of [0, 2] x [0, 1] on a 200 x 100 picture without axes.
    const svg = regionsSvg({
      width: 200,
      height: 100,
      view: { x0: 0, x1: 2, y0: 0, y1: 1 },
      regions: [{ polygon: [0, 0, 2, 0, 0, 1], fill: '#102030' }],
      axes: false,
    });
    const [m] = paths(svg);
    expect(m![2]).toBe('#102030');
    // (0, 0) is the bottom-left corner (pixel y = 100), (0, 1) the top-left (y = 0).
    expect(vertices(m![1]!)).toEqual([
      [0, 100],
      [200, 100],
      [0, 0],
    ]);
    expect(svg).toContain('width="200" height="100" viewBox="0 0 200 100"');
  });

  it('rounds coordinates to the decimals the size needs', () => {
    expect([svgDecimals(100), svgDecimals(1000), svgDecimals(16384), svgDecimals(65536)]).toEqual([
      3, 2, 1, 0,
    ]);
    const third = { polygon: [0, 0, 1 / 3, 0, 0, 2 / 3], fill: '#000000' };
    const at = (width: number) =>
      vertices(
        paths(
          regionsSvg({
            width,
            height: width,
            view: { x0: 0, x1: 1, y0: 0, y1: 1 },
            regions: [third],
            axes: false,
          }),
        )[0]![1]!,
      );
    // 1/3 of 300 pixels is 100 exactly; of 1000 pixels 333.33 (2 decimals); of 16384 pixels 5461.3 (1 decimal), of 20000 pixels 6667.
    expect(at(300)[1]![0]).toBe(100);
    expect(at(1000)[1]![0]).toBe(333.33);
    expect(at(1000)[2]![1]).toBe(333.33);
    expect(at(16384)[1]![0]).toBe(5461.3);
    expect(at(20000)[1]![0]).toBe(6667);
    // The error stays under 1/20000 of the side at every size.
    for (const w of [7, 100, 999, 4096, 16384]) {
      expect(Math.abs(at(w)[1]![0]! - w / 3)).toBeLessThanOrEqual(w / 20000 + 1e-12);
    }
  });

  it('escapes the title and labels, and refuses a fill that is not a colour', () => {
    const svg = regionsSvg({
      width: 400,
      height: 300,
      view: { x0: -1, x1: 1, y0: -1, y1: 1 },
      regions: [{ polygon: [-1, -1, 1, -1, 1, 1], fill: '"/><script>' }],
      title: 'f <g> & "h" \'k\'',
      xLabel: '<x>',
      yLabel: 'a&b',
    });
    expect(escapeXml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(svg).toContain('<title>f &lt;g&gt; &amp; &quot;h&quot; &apos;k&apos;</title>');
    expect(svg).toContain('>&lt;x&gt;</text>');
    expect(svg).toContain('>a&amp;b</text>');
    expect(svg).not.toContain('<script');
    expect(paths(svg)[0]![2]).toBe('#000000');
    // Every text is well formed: no raw < or & inside element content.
    for (const t of svg.matchAll(/>([^<]*)</g)) expect(t[1]).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
  });

  it('draws ticks at round values inside the view, the y ticks flipped', () => {
    expect(svgTicks(-3, 3, 6)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(svgTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(svgTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
    expect(svgTicks(1, 1, 4)).toEqual([]);
    const svg = regionsSvg({ width: 400, height: 400, view: { x0: 0, x1: 1, y0: 0, y1: 1 }, regions: [] });
    const ys = [...svg.matchAll(/<text class="tick y" x="[^"]*" y="([^"]*)"[^>]*>([^<]*)</g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    // t = 0 at the bottom of the plot, t = 1 at its top: larger labels higher up (smaller SVG y).
    const zero = ys.find((y) => y[1] === '0')!;
    const one = ys.find((y) => y[1] === '1')!;
    expect(zero[0]).toBeGreaterThan(one[0] as number);
    expect(svgSizeError(0, 10)).toMatch(/width/);
    expect(svgSizeError(10, 1.5)).toMatch(/height/);
    expect(svgSizeError(10, 10)).toBeNull();
  });
});

describe('networkSvg', () => {
  it('writes one region per exact region, with the edges of the subdivision and the map colours', () => {
    // Four lines through the origin: 8 regions, 20 edges on [-1, 2] x [-1.25, 1.5].
    const star = linesNet([
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
      [1, -1, 0],
    ]);
    const window = { x0: -1, x1: 2, y0: -1.25, y1: 1.5 };
    const r = networkSvg(star, window, { width: 300, height: 275, axes: false, decimals: 6 });
    if (!r.ok) throw new Error(r.message);
    expect(r.count).toBe(8);
    expect(paths(r.svg)).toHaveLength(8);
    const boundary = /<path class="boundaries"[^>]* d="([^"]*)"/.exec(r.svg)![1]!;
    expect(boundary.split('M').length - 1).toBe(20);
    // The region right of every line (s > 0, t > 0, s + t > 0, s - t > 0 at (1, 0.5)): all four on.
    const hash = new Uint32Array(2);
    patternHashInto([1, 1, 1, 1], hash);
    const c = new Uint8Array(3);
    regionColour(hash[0]! & 0x3fff, c);
    const hex = `#${[...c].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    const inside = paths(r.svg).filter((m) => {
      const v = vertices(m[1]!);
      const cx = v.reduce((a, p) => a + p[0]!, 0) / v.length;
      const cy = v.reduce((a, p) => a + p[1]!, 0) / v.length;
      // Pixel of (1, 0.5): x = 200, y = (1.5 - 0.5) * 100 = 100; the region's vertex mean lies near it.
      return Math.abs(cx - 200) < 60 && Math.abs(cy - 100) < 60 && cy < 150 && cx > 100;
    });
    expect(inside.map((m) => m[2])).toContain(hex);
  });

  it('counts as the engine does on a random network, and the layer mode after k layers', () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 5 });
    const window = { x0: -2, x1: 2, y0: -2, y1: 2 };
    for (const layers of [1, 2]) {
      const e = enumerateRegions(net, window, { layers });
      if (typeof e === 'string') throw new Error(e);
      const r = networkSvg(net, window, { width: 256, height: 256, layers });
      if (!r.ok) throw new Error(r.message);
      expect(paths(r.svg)).toHaveLength(e.count);
      expect(r.count).toBe(e.count);
    }
    const capped = networkSvg(net, window, { width: 256, height: 256, maxRegions: 3 });
    expect(capped).toMatchObject({ ok: false });
    expect(capped.ok ? '' : capped.message).toMatch(/more than 3 regions/);
    expect(networkSvg(net, window, { width: 0, height: 5 })).toMatchObject({ ok: false });
  });
});
