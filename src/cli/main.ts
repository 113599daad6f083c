#!/usr/bin/env node
/**
 * The `mamori` command: a thin shell over the library. Each subcommand lives
 * in ./commands/<name>.ts and registers itself on the program.
 */
import { silenceNodeVersionWarning } from './node-warning.js';
silenceNodeVersionWarning();

const { buildProgram } = await import('./program.js');
const { takeExitCode } = await import('./exit.js');
try {
  await buildProgram().parseAsync(process.argv);
  process.exitCode = takeExitCode();
} catch (err) {
  const { stripControl } = await import('../report/sanitize.js');
  process.stderr.write(`mamori: ${stripControl((err as Error)?.message ?? String(err))}\n`);
  process.exitCode = 2;
}
