/** Entry point of the `relu-origami` command (run by bin/relu-origami.mjs through tsx). */
import { nodeIo } from './io.ts';
import { runCliAsync } from './run.ts';

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // A closed pipe (`relu-origami ... | head`) is not an error of ours.
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await runCliAsync(process.argv.slice(2), nodeIo);
