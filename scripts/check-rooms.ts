/**
 * The room check of `npm run lint`: every import of a source file under src/ is resolved and held to the
 * rules of the file's room (the first folder under src/). It prints one line per broken rule (file, line,
 * import, rule) and exits with status 1 when there is any, 0 otherwise. Run it with
 * `node --import tsx scripts/check-rooms.ts [root]`; the root defaults to the folder above scripts/.
 *
 * The rules: src/engine imports only src/engine (and the pure packages in ENGINE_PACKAGES); src/state
 * imports only src/state and src/engine; src/render imports none of app, ui, views, cli, benchPage or
 * workers; src/cli imports none of the DOM rooms (app, ui, views, render, workers, benchPage).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** One source file to check: its path relative to the repository root (with `/`) and its text. */
export interface SourceFile {
  /** Path from the repository root, e.g. `src/engine/forward.ts`. */
  path: string;
  /** The file's TypeScript text. */
  text: string;
}

/** One import that breaks its room's rule. */
export interface RoomViolation {
  /** The importing file, from the repository root. */
  file: string;
  /** 1-based line of the import's module name. */
  line: number;
  /** The module name as written, e.g. `../render/palette.ts`. */
  specifier: string;
  /** What it resolves to: a path from the repository root, or the package name. */
  target: string;
  /** The rule it breaks, in words. */
  rule: string;
}

/** Packages the engine may import: pure computation, no DOM and no Node built-ins. */
export const ENGINE_PACKAGES: readonly string[] = [
  'fflate',
  'onnx-buf',
  '@bufbuild/protobuf',
  'robust-predicates',
];

/** The rooms that need a DOM (or a browser worker), which the CLI must not import. */
const DOM_ROOMS = ['app', 'ui', 'views', 'render', 'workers', 'benchPage'];

/** The room of a path from the repository root: the first folder under src/, or null outside src/. */
export function roomOf(path: string): string | null {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? (m[1] ?? null) : null;
}

/**
 * Where `specifier`, imported by the file at `from`, points: a path from the repository root for a relative
 * specifier (query such as `?raw` dropped), otherwise the package name (`node:fs`, `regl`, `@scope/name`).
 */
export function resolveImport(from: string, specifier: string): { path: string } | { pkg: string } {
  const bare = specifier.replace(/[?#].*$/, '');
  if (bare.startsWith('.') || bare.startsWith('/')) {
    const joined = bare.startsWith('/') ? bare.slice(1) : posix.join(posix.dirname(from), bare);
    return { path: posix.normalize(joined) };
  }
  const parts = bare.split('/');
  return { pkg: bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? bare) };
}

/** The rule `target` breaks when the room `room` imports it, or null when the import is allowed. */
function ruleBroken(room: string, target: { path: string } | { pkg: string }): string | null {
  const targetRoom = 'path' in target ? roomOf(target.path) : null;
  switch (room) {
    case 'engine':
      if ('pkg' in target) {
        return ENGINE_PACKAGES.includes(target.pkg)
          ? null
          : `src/engine imports only src/engine and the packages ${ENGINE_PACKAGES.join(', ')}`;
      }
      return targetRoom === 'engine' ? null : 'src/engine imports nothing outside src/engine';
    case 'state':
      if ('pkg' in target) return 'src/state imports only src/state and src/engine (no packages)';
      return targetRoom === 'state' || targetRoom === 'engine'
        ? null
        : 'src/state imports only src/state and src/engine';
    case 'render':
      return targetRoom && ['app', 'ui', 'views', 'cli', 'benchPage', 'workers'].includes(targetRoom)
        ? `src/render imports none of app, ui, views, cli, benchPage, workers (here: src/${targetRoom})`
        : null;
    case 'cli':
      return targetRoom && DOM_ROOMS.includes(targetRoom)
        ? `src/cli imports no DOM room (${DOM_ROOMS.join(', ')}; here: src/${targetRoom})`
        : null;
    default:
      return null;
  }
}

/** The module names a file imports or re-exports (static, side-effect and dynamic imports), with offsets. */
function importsOf(file: SourceFile): { specifier: string; pos: number }[] {
  const info = ts.preProcessFile(file.text, true, true);
  return info.importedFiles.map((f) => ({ specifier: f.fileName, pos: f.pos }));
}

/** 1-based line of character offset `pos` in `text`. */
function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every import of `files` that breaks its room's rule, in file order; empty when the rooms hold. */
export function checkRooms(files: readonly SourceFile[]): RoomViolation[] {
  const out: RoomViolation[] = [];
  for (const file of files) {
    const room = roomOf(file.path);
    if (!room) continue;
    for (const { specifier, pos } of importsOf(file)) {
      const target = resolveImport(file.path, specifier);
      const rule = ruleBroken(room, target);
      if (rule) {
        const shown = 'path' in target ? target.path : target.pkg;
        out.push({ file: file.path, line: lineAt(file.text, pos), specifier, target: shown, rule });
      }
    }
  }
  return out;
}

/** One line for a violation: `file:line: import 'specifier' (target) breaks the rule: rule`. */
export function formatViolation(v: RoomViolation): string {
  return `${v.file}:${v.line}: import '${v.specifier}' (${v.target}) breaks the rule: ${v.rule}`;
}

/** The .ts files under `root`/src, read, with paths from `root` (sorted, so the report is stable). */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) {
        files.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(root, 'src'));
  return files;
}

/** Check the tree at `root`, print the violations, and return the exit status (1 when any). */
export function main(root: string): number {
  const files = readSources(root);
  const violations = checkRooms(files);
  for (const v of violations) console.error(formatViolation(v));
  if (violations.length) {
    console.error(`rooms: ${violations.length} import(s) break the room rules (see scripts/check-rooms.ts)`);
    return 1;
  }
  console.log(`rooms: ${files.length} files under src/ hold their rooms`);
  return 0;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  process.exitCode = main(resolve(process.argv[2] ?? dirname(import.meta.dirname)));
}
