/**
 * The explorer's and the CLI's limits in one place, each with why it is what it is. Plain numbers only (no
 * imports), so that every room (engine, state, render, app, ui, views, cli) can use them.
 */

/**
 * Widest hidden layer a URL hash or the network panel may ask for (neurons): a generated network that wide
 * still compiles and draws interactively on a software renderer; wider networks come from model files.
 */
export const HASH_MAX_WIDTH = 512;

/** Most hidden layers of a generated network: the panel's layer sliders and the hash stay short. */
export const HASH_MAX_HIDDEN_LAYERS = 16;

/** Most inputs of a generated network: the plane of the view is picked among them by hand. */
export const HASH_MAX_INPUT_DIM = 64;

/** Most outputs of a generated network: each output is a choice in the output slider. */
export const HASH_MAX_OUTPUT_DIM = 16;

/**
 * Widest layer a model file may have (neurons): far beyond what any view draws, small enough that a hostile
 * file cannot make the parser allocate a huge weight matrix for one layer.
 */
export const MODEL_MAX_WIDTH = 65_536;

/** Most layers a model file may have: deeper nets are not piecewise-linear pictures anyone reads. */
export const MODEL_MAX_LAYERS = 256;

/** Most inputs a model file may have (an image-sized input, 1000 x 1000). */
export const MODEL_MAX_INPUT_DIM = 1_000_000;

/** Most parameters (weights and biases) a model file may have: 400 MB of float64, the parser's memory bound. */
export const MODEL_MAX_PARAMETERS = 50_000_000;

/**
 * Longest model text in UTF-16 code units: 50 million parameters written as shortest round-trip decimals take
 * about 1 GB, and a JavaScript string cannot hold much more than 2^30 characters.
 */
export const MODEL_MAX_TEXT_LENGTH = 2 ** 30 - 1;

/**
 * Deepest nesting of arrays and objects in a model's text (a model needs 5: root, layers, layer, weights, row).
 * Checked by a linear scan before JSON.parse, because copying or printing a deeper value overflows the stack.
 */
export const MODEL_MAX_NESTING = 64;

/** Most problems listed for one model; past it, one last issue says how many more there were. */
export const MODEL_MAX_ISSUES = 100;

/**
 * Regions enumerated at most for a view, by the HUD's exact count, the views and the depth counts alike:
 * about a second of the engine on a laptop, and a polygon overlay that still draws in a frame. Beyond it the
 * HUD says "at least N" and the views ask to zoom in.
 */
export const REGION_CAP = 20_000;

/** Region polygons kept for the overlay and pinning at most (more would not be readable on screen). */
export const POLYGON_CAP = 5_000;

/** Milliseconds the views' enumeration (regions with affine maps) may take before it gives up. */
export const VIEW_TIME_BUDGET_MS = 8000;

/** Milliseconds each depth of the analysis' density-by-depth counts may take before it gives up. */
export const DEPTH_TIME_BUDGET_MS = 4000;

/** Quiet time after the last view change before the exact count starts (ms): a drag does not restart it. */
export const EXACT_DEBOUNCE_MS = 150;

/**
 * Region workers running at once: the HUD count and a view's enumeration in parallel, or a new job beside a
 * cancelled one that is still stopping, without taking every core of a small machine.
 */
export const REGION_POOL_SIZE = 2;

/** Enumeration answers the regions service remembers (the last few views: toggling back is instant). */
export const REGION_RESULTS_KEPT = 4;

/** Quiet time after an interactive (reduced-resolution) frame before the full-resolution one (ms). */
export const REFINE_DELAY_MS = 180;

/**
 * Quiet time after a full-resolution frame before the HUD reads back the visible regions (ms): the
 * readback blocks the page, so it waits until the user stops.
 */
export const VISIBLE_COUNT_DELAY_MS = 250;

/** Quiet time after a change before the analysis panel recomputes its figures (ms). */
export const ANALYSIS_DEBOUNCE_MS = 250;

/** How long an error message stays on screen (ms): long enough to read two sentences. */
export const ERROR_MESSAGE_MS = 9000;

/** How long a notice stays on screen (ms). */
export const INFO_MESSAGE_MS = 4000;

/**
 * How long a download's object URL lives after the click (ms): the browser has started reading it by then;
 * a large image export gets longer.
 */
export const DOWNLOAD_URL_MS = 1000;

/** How long an exported image's object URL lives after the click (ms): a large PNG takes a while to save. */
export const EXPORT_URL_MS = 10_000;

/** Milliseconds the HUD's exact count may run before it stops with "at least N" and a sampled estimate. */
export const EXACT_TIME_BUDGET_MS = 20_000;

/** Bytes the regions of the HUD's exact count may take before it stops (about, see regionsProtocol.ts). */
export const EXACT_MEMORY_BUDGET_BYTES = 256 * 2 ** 20;

/** Points sampled for the estimate of a count past its budget (engine/estimate.ts). */
export const ESTIMATE_SAMPLES = 4000;
