/**
 * The outside world of the command-line tool, as a value: output streams and file reading. Tests pass
 * an in-memory {@link CliIo}; the real command uses {@link nodeIo}.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Where `runCli` reads files and writes text. */
export interface CliIo {
  /** Write text to standard output (the text carries its own newlines). */
  stdout(text: string): void;
  /** Write text to standard error (the text carries its own newlines). */
  stderr(text: string): void;
  /** Read a whole text file (UTF-8); `-` means standard input. Throws Node-style errors (with `code`). */
  readFile(path: string): string;
  /**
   * Read a whole file as bytes (`-`: standard input), for models that may be binary (ONNX); without it,
   * models are read as text with readFile. Throws Node-style errors (with `code`).
   */
  readBytes?(path: string): Uint8Array;
  /** Write a whole text file (UTF-8), replacing it; without it, commands that write files refuse to run. */
  writeFile?(path: string, text: string): void;
}

/** The real process: stdout, stderr and the file system (`-` reads standard input). */
export const nodeIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  readBytes: (path) => new Uint8Array(readFileSync(path === '-' ? 0 : path)),
  writeFile: (path, text) => writeFileSync(path, text),
};

/**
 * An in-memory {@link CliIo} that records what was written; `files` maps paths to contents (text or bytes),
 * and files written land in `written`. readBytes of a text entry goes through readFile (so a test may
 * replace readFile alone).
 */
export function memoryIo(
  files: Record<string, string | Uint8Array> = {},
): CliIo & { out: string; err: string; written: Map<string, string> } {
  const io = {
    out: '',
    err: '',
    written: new Map<string, string>(),
    writeFile(path: string, text: string) {
      io.written.set(path, text);
    },
    readBytes(path: string): Uint8Array {
      const content = Object.hasOwn(files, path) ? files[path] : undefined;
      return content instanceof Uint8Array ? content : new TextEncoder().encode(io.readFile(path));
    },
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readFile(path: string): string {
      const content = Object.hasOwn(files, path) ? files[path] : undefined;
      if (content instanceof Uint8Array) return new TextDecoder().decode(content);
      if (content === undefined) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: 'ENOENT',
        });
      }
      return content;
    },
  };
  return io;
}
