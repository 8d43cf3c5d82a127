/**
 * The region graph as files: JSON nodes and edges (read with NetworkX's `node_link_graph(data, edges="edges")`)
 * and GraphML (NetworkX's `read_graphml`, igraph's `Graph.Read_GraphML`). Nodes are regions (with their
 * pattern key and statistics), edges join regions that share a segment (its length, the neurons that switch).
 */
import type { RegionAnalysis } from '../regionAnalysis.ts';
import type { RegionStats } from '../regionStats.ts';

/** The format tag of the JSON graph. */
export const GRAPH_FORMAT = 'relu-origami-graph/1';

/** One node of the JSON graph: a region, with its statistics (regionStats.ts). */
export interface GraphNode extends RegionStats {
  /** Node number (the region's index). */
  id: number;
  /** The pattern key (regionGraph.ts patternKey: two bits per neuron, in hexadecimal). */
  pattern: string;
  /** Whether the region meets the `--disc` (only with --disc). */
  disc?: boolean;
}

/** The JSON graph written by `--graph FILE.json`. */
export interface GraphJson {
  format: typeof GRAPH_FORMAT;
  directed: false;
  multigraph: false;
  /** Neurons per pattern. */
  neurons: number;
  nodes: GraphNode[];
  /** Edges: source < target, the shared length and the switching neurons. */
  edges: { source: number; target: number; length: number; neurons: number[] }[];
}

/** The JSON graph of an analysis. */
export function graphJson(a: RegionAnalysis): GraphJson {
  return {
    format: GRAPH_FORMAT,
    directed: false,
    multigraph: false,
    neurons: a.neurons,
    nodes: a.stats.map((s, id) => {
      const node: GraphNode = {
        id,
        pattern: a.keys[id]!,
        area: s.area,
        perimeter: s.perimeter,
        vertices: s.vertices,
        inradius: s.inradius,
        eccentricity: s.eccentricity,
        centroid: s.centroid,
        centre: s.centre,
      };
      if (a.meetsDisc) node.disc = a.meetsDisc[id]!;
      return node;
    }),
    edges: a.edges.map((e) => ({ source: e.a, target: e.b, length: e.length, neurons: e.neurons })),
  };
}

const NODE_KEYS: [string, string][] = [
  ['pattern', 'string'],
  ['area', 'double'],
  ['perimeter', 'double'],
  ['vertices', 'int'],
  ['inradius', 'double'],
  ['eccentricity', 'double'],
  ['x', 'double'],
  ['y', 'double'],
  ['cx', 'double'],
  ['cy', 'double'],
];

/**
 * The GraphML text of an analysis: node attributes pattern, area, perimeter, vertices, inradius, eccentricity,
 * x and y (centroid), cx and cy (Chebyshev centre) and disc (with --disc); edge attributes length and neurons
 * (the switching neurons, comma-separated).
 */
export function graphMl(a: RegionAnalysis): string {
  const keys = a.meetsDisc ? [...NODE_KEYS, ['disc', 'boolean'] as [string, string]] : NODE_KEYS;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  keys.forEach(([name, type], k) => {
    out.push(`  <key id="d${k}" for="node" attr.name="${name}" attr.type="${type}"/>`);
  });
  out.push('  <key id="e0" for="edge" attr.name="length" attr.type="double"/>');
  out.push('  <key id="e1" for="edge" attr.name="neurons" attr.type="string"/>');
  out.push('  <graph id="regions" edgedefault="undirected">');
  a.stats.forEach((s, id) => {
    const values: (string | number | boolean)[] = [
      a.keys[id]!,
      s.area,
      s.perimeter,
      s.vertices,
      s.inradius,
      s.eccentricity,
      s.centroid[0],
      s.centroid[1],
      s.centre[0],
      s.centre[1],
    ];
    if (a.meetsDisc) values.push(a.meetsDisc[id]!);
    const data = values.map((v, k) => `<data key="d${k}">${v}</data>`).join('');
    out.push(`    <node id="n${id}">${data}</node>`);
  });
  for (const e of a.edges) {
    out.push(
      `    <edge source="n${e.a}" target="n${e.b}"><data key="e0">${e.length}</data>` +
        `<data key="e1">${e.neurons.join(',')}</data></edge>`,
    );
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
