/**
 * Runs the real `mamori` program in-process, so the AWS fake (which patches
 * the SDK clients in this process) answers its calls. Output goes to files,
 * as a user would redirect it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program.js';
import { EXAMPLE_CREDENTIALS } from '../fake/index.js';

export function tempDir(prefix = 'mamori-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Credentials the standard chain picks up from the environment: AWS's documented example key. */
export function useExampleCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = EXAMPLE_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = EXAMPLE_CREDENTIALS.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}

/** What commander itself printed (usage errors, help) during the last runCli. */
export const commanderOutput: string[] = [];

export async function runCli(args: string[]): Promise<void> {
  const program = buildProgram();
  commanderOutput.length = 0;
  // Subcommands copy settings when created, before these: set them on each, or a
  // usage error inside `scan` would process.exit() the test run and print its help.
  const configure = (c: typeof program) => {
    c.exitOverride().configureOutput({ writeOut: (s) => void commanderOutput.push(s), writeErr: (s) => void commanderOutput.push(s) });
    c.commands.forEach((sub) => configure(sub as typeof program));
  };
  configure(program);
  await program.parseAsync(['node', 'mamori', ...args]);
}

/** Runs `scan --format json` and returns the parsed report. */
export async function scanJson(args: string[] = []): Promise<any> {
  const dir = tempDir();
  const out = join(dir, 'report.json');
  await runCli(['scan', '--format', 'json', '--out', out, '--db', join(dir, 'm.db'), ...args]);
  return JSON.parse(readFileSync(out, 'utf8'));
}
