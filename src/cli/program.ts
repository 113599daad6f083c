import { Command } from 'commander';
import { VERSION } from '../version.js';
import * as scan from './commands/scan.js';
import * as secrets from './commands/secrets.js';
import * as detect from './commands/detect.js';
import * as watch from './commands/watch.js';
import * as respond from './commands/respond.js';
import * as history from './commands/history.js';

/** Every subcommand module registers itself here. */
const COMMANDS: ((program: Command) => void)[] = [
  scan.register,
  secrets.register,
  detect.register,
  watch.register,
  respond.register,
  history.register,
];

export function buildProgram(): Command {
  const program = new Command('mamori')
    .description('Keep AWS accounts from being taken over, notice when it happens, and clean up after it.')
    .version(VERSION)
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}
