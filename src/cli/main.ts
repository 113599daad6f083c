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
const { takeExitCode } = await import('./exit.js');
const { CommanderError } = await import('commander');
// Commander would exit 1 on a usage error, which is --fail-on's code: make it throw
// instead (each subcommand too), so usage errors exit 2 as docs/exit-codes.md says.
// Commander prints its own parse errors; an error a command throws (even commander's
// InvalidArgumentError) is printed below. This flag tells the two apart.
let commanderPrinted = false;
const output = { writeErr: (str: string) => ((commanderPrinted = true), process.stderr.write(str)) };
// Subcommands were made before this runs, so they do not inherit it: set it on each, at every level
// (`rules lint`, `secrets hook install`), or their usage errors would exit 1.
type Cmd = ReturnType<typeof buildProgram>;
const override = (c: Cmd): void => {
  c.exitOverride().configureOutput(output);
  for (const sub of c.commands) override(sub);
};
const program = buildProgram();
override(program);
try {
  await program.parseAsync(process.argv);
  // A command either sets process.exitCode itself (secrets) or requests one (scan): keep the higher.
  const requested = takeExitCode();
  if (requested > Number(process.exitCode ?? 0)) process.exitCode = requested;
} catch (err) {
  if (err instanceof CommanderError && (err.exitCode === 0 || commanderPrinted)) {
    // --help and --version end with 0; a parse error was printed by commander already.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    const { stripControl } = await import('../report/sanitize.js');
    const { AwsCallError, hintFor } = await import('../aws/errors.js');
    let text = (err as Error)?.message ?? String(err);
    if (err instanceof AwsCallError) text += `: ${err.failure.message}\n${hintFor(err.failure)}`;
    process.stderr.write(`mamori: ${stripControl(text.trim(), true)}\n`);
    process.exitCode = 2;
  }
}
