#!/usr/bin/env node
/**
 * The `mamori` command: a thin shell over the library. Each subcommand lives
 * in ./commands/<name>.ts and registers itself on the program.
 */
import { silenceNodeVersionWarning } from './node-warning.js';
silenceNodeVersionWarning();
// `mamori scan | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const { buildProgram } = await import('./program.js');
try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  const { stripControl } = await import('../report/sanitize.js');
  const { AwsCallError, hintFor } = await import('../aws/errors.js');
  let text = (err as Error)?.message ?? String(err);
  if (err instanceof AwsCallError) text += `: ${err.failure.message}\n${hintFor(err.failure)}`;
  process.stderr.write(`mamori: ${stripControl(text.trim(), true)}\n`);
  process.exitCode = 2;
}
