import { Command } from 'commander';
import { VERSION } from '../version.js';
import { register as registerDetect } from './commands/detect.js';
import { register as registerWatch } from './commands/watch.js';

/** Every subcommand module registers itself here. */
const COMMANDS: ((program: Command) => void)[] = [registerDetect, registerWatch];

export function buildProgram(): Command {
  const program = new Command('mamori')
    .description('Keep AWS accounts from being taken over, notice when it happens, and clean up after it.')
    .version(VERSION)
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}
