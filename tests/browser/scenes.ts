/** The named scenes of the screenshot tests: URL hashes of the explorer and the picture size. */

/** One named scene. */
export interface ScreenshotScene {
  /** File name stem of the reference image (tests/browser/references/<name>.png). */
  name: string;
  /** The URL hash that produces the picture. */
  hash: string;
  /** Drawing-buffer width in pixels. */
  width: number;
  /** Drawing-buffer height in pixels. */
  height: number;
}

/** The scenes; change one and regenerate the references with `npx tsx scripts/render-references.ts`. */
export const SCREENSHOT_SCENES: readonly ScreenshotScene[] = [
  {
    name: 'regions-relu',
    hash: '#arch=2-16-16-1&act=relu&seed=3&view=-3,3,-2,2&mode=regions&b=1',
    width: 240,
    height: 160,
  },
  {
    name: 'layer-1-of-3',
    hash: '#arch=2-12-12-12-1&act=relu&seed=5&view=-3,3,-3,3&mode=layer&k=1&b=1',
    width: 160,
    height: 160,
  },
  {
    name: 'gradient-leaky',
    hash: '#arch=2-16-16-1&act=leaky_relu&alpha=0.1&seed=2&view=-2,2,-2,2&mode=gradient&b=0',
    width: 160,
    height: 160,
  },
  {
    name: 'output-abs-zero-set',
    hash: '#arch=2-10-10-1&act=abs&seed=10&view=-2,2,-2,2&mode=output&out=0&b=0',
    width: 160,
    height: 160,
  },
  {
    name: 'argmax-3-classes',
    hash: '#arch=2-12-12-3&act=relu&seed=6&view=-3,3,-3,3&mode=output&out=-1&b=1',
    width: 160,
    height: 160,
  },
  {
    name: 'regions-cvd-thick',
    hash: '#arch=2-16-16-1&act=relu&seed=3&view=-3,3,-3,3&mode=regions&b=1&probe=1.3&pal=cvd&lw=3',
    width: 160,
    height: 160,
  },
  {
    name: 'output-cvd',
    hash: '#arch=2-10-10-1&act=relu&seed=4&view=-2,2,-2,2&mode=output&out=0&b=1&pal=cvd',
    width: 160,
    height: 160,
  },
  {
    name: 'argmax-cvd',
    hash: '#arch=2-12-12-4&act=relu&seed=6&view=-3,3,-3,3&mode=output&out=-1&b=0&pal=cvd&lw=2',
    width: 160,
    height: 160,
  },
  {
    name: 'hardtanh-probe',
    hash: '#arch=2-8-8-1&act=hardtanh&seed=8&view=-2,2,-2,2&mode=regions&b=1&probe=1.2',
    width: 160,
    height: 160,
  },
];
