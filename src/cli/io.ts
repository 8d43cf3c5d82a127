/**
 * The outside world of the command-line tool, as a value: output streams and file reading. Tests pass
 * an in-memory {@link CliIo}; the real command uses {@link nodeIo}.
 */
import { readFileSync } from 'node:fs';

/** Where `runCli` reads files and writes text. */
export interface CliIo {
  /** Write text to standard output (the text carries its own newlines). */
  stdout(text: string): void;
  /** Write text to standard error (the text carries its own newlines). */
  stderr(text: string): void;
  /** Read a whole text file (UTF-8); `-` means standard input. Throws Node-style errors (with `code`). */
  readFile(path: string): string;
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
};

/** An in-memory {@link CliIo} that records what was written; `files` maps paths to contents. */
export function memoryIo(files: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readFile(path: string): string {
      const content = Object.hasOwn(files, path) ? files[path] : undefined;
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
