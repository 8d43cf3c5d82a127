/** The `relu-origami --help` text. */

/** Usage of every subcommand, printed by `--help` (and by `help`). */
export const HELP_TEXT = `relu-origami: exact linear regions of piecewise-linear neural networks (relu-origami/1 or ONNX models)

Usage:
  relu-origami regions MODEL --window x0,x1,y0,y1|all [--plane JSON] [--json] [--detail] [--max-regions N]
                       [--stats] [--graph FILE] [--disc x,y,r] [--tile i/n --out FILE]
      Count the linear regions of MODEL on the window, exactly. One-input models: --window x0,x1 (intervals).
      --window all: the whole input plane (a window that holds every vertex of the arrangement).
      --plane '[[p0...],[p1...],[p2...]]' slices a higher-dimensional input: (s, t) -> p0 + s(p1-p0) + t(p2-p0).
      --json prints one JSON object {regions, vertices, edges, area, complete, ...}; --detail adds every
      region's polygon, pattern and affine map; --max-regions N stops after N regions ("complete": false).
      --stats adds the distributions of region areas, perimeters, inradii, eccentricities, corners and
      graph degrees; --graph FILE.json|FILE.graphml writes the adjacency graph (regions sharing an edge, with
      the neurons that switch); --disc x,y,r counts the regions that meet the disc.
      --tile i/n --out FILE enumerates tile i (0 to n-1) of a near-square grid of n tiles into a part file.
  relu-origami merge PART... [--json] [--stats] [--graph FILE]
      Merge the parts of all n tiles into the whole window's regions, area, statistics and graph (equal to
      one regions run); refuses parts of other models, windows or tilings, and missing or repeated tiles.
  relu-origami breakpoints MODEL --from x,y --to x,y [--plane JSON] [--json] [--max-regions N]
      The exact breakpoints along the segment, as parameters t in (0, 1). One-input models: --from x --to x;
      a model with more than two inputs takes whole input points (--from 1,2,3 --to 4,5,6) without --plane.
      --max-regions N stops after N pieces from the start and says what part of the segment they cover.
  relu-origami eval MODEL --point x,y [--plane JSON] [--json]
      Output, activation pattern per layer, local affine map and gradient at one point. A model with more
      than two inputs takes its whole input point (--point 1,2,3) when no --plane is given.
  relu-origami init --widths 2,16,16,1 [--activation relu] [--alpha A] [--init he|glorot|uniform]
                    [--seed 7] [--scale S] [--name NAME]
      Print a seeded random model; hidden layers use --activation (or one per hidden layer,
      comma-separated: relu, leaky_relu, prelu, abs, hardtanh, linear); the output layer is linear.
  relu-origami train (--dataset NAME [--noise N] [--points N] | --data FILE.csv) [--split F]
                     --widths 2,16,16,16,1 [--activation relu] [--alpha A] [--optimizer adam|sgd] [--lr 0.01]
                     [--batch 32] [--l2 0] [--momentum 0.9] [--steps 3000] [--seed 1] --out MODEL.json
                     [--log-every K] [--regions-every K --window x0,x1,y0,y1] [--json]
      Train a network (seeded, deterministic: the same arguments write the same bytes) and write it as a
      model. Datasets: circle, xor, gaussians, spiral, moons, checkerboard, rings (classification), plane,
      bump, sawtooth (regression). A CSV has rows x,y,label or x,y,target (more input columns for more
      inputs), header optional. Prints a line per log step (--json: one JSON object per line with step,
      loss, testLoss, trainAccuracy, testAccuracy, and regions, the exact count on --window, every K steps).
  relu-origami convert MODEL --out FILE.json
      Write MODEL (an ONNX file from torch.onnx.export, or a relu-origami/1 file) as relu-origami/1 JSON
      (--out -: standard output). See docs/onnx.md for the ONNX ops read.

  relu-origami render [MODEL] --size N|WxH --out FILE.png [--hash '#...'] [--window x0,x1,y0,y1]
                     [--mode regions|layer|gradient|output] [--level 0-9] [--gpu auto|on|off] [--json] [--quiet]
      Draw the region map of the explorer's scene (its URL hash; MODEL replaces the generated network) as a
      PNG of any size (16384 x 16384 and more), in parts, in headless Chromium: on the GPU when the machine
      has one (--gpu auto), else on SwiftShader. Progress goes to stderr; the file appears when complete.
      Needs the repository's dev dependencies (npm ci) and Chromium (PUPPETEER_EXECUTABLE_PATH or
      /usr/bin/chromium, else puppeteer's own). With --out FILE.svg: the exact region polygons as SVG,
      computed in Node (no browser), coloured as the map, with boundaries and axes (--no-axes: none;
      --title TEXT above the plot); the size is the plot's.

MODEL is a file path, or - for standard input: relu-origami/1 JSON or ONNX (told apart by content; an
ONNX model's external data, e.g. MODEL.onnx.data, is read from beside it). Options take their value as the next argument (even one
starting with -, as in --window -3,3,-3,3) or after = (--window=-3,3,-3,3); numbers may use exponents (1e-5).
Exit status: 0 on success, 2 on bad input (the reason is one line on stderr), 1 on an internal error.
`;
