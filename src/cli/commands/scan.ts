import { Command, Option } from 'commander';
import { createInterface } from 'node:readline/promises';
import { writeFileSync } from 'node:fs';
import type { ScanResult } from '../../scan/run.js';

interface ScanOptions {
  demo?: boolean;
  snapshotIn?: string;
  snapshotOut?: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
  mfaSerial?: string;
  region?: string;
  regions?: string[];
  format: 'terminal' | 'json';
  out?: string;
  db?: string;
  store: boolean;
  verbose?: boolean;
  concurrency?: number;
}

/** Asks for the MFA code on the terminal (stderr, so stdout stays clean for JSON). */
async function promptMfa(serial: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error(`an MFA code for ${serial} is needed but there is no terminal to ask on`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`MFA code for ${serial}: `)).trim();
  } finally {
    rl.close();
  }
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('Audit an AWS account in every enabled region, ranked by what an attacker gains')
    .option('--demo', 'evaluate the bundled snapshot of a deliberately vulnerable DEMO account (no AWS needed)')
    .option('--snapshot-in <file>', 're-evaluate a saved snapshot offline')
    .option('--snapshot-out <file>', 'save the collected snapshot (secrets are never in it)')
    .option('--profile <name>', 'AWS profile (SSO, role chaining and credential_process work)')
    .option('--role-arn <arn>', 'assume this role for the scan')
    .option('--external-id <id>', 'external id for --role-arn')
    .option('--mfa-serial <serial>', 'MFA device; the code is asked for on the terminal')
    .option('--region <region>', 'home region for global calls (default: AWS_REGION or us-east-1)')
    .option('--regions <list>', 'only these regions (comma-separated)', (v: string) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--db <path>', 'store path (default ~/.mamori/mamori.db, or MAMORI_DB)')
    .option('--no-store', 'do not record the scan in the store')
    .option('--concurrency <n>', 'API calls in flight per service and region', (v: string) => Number.parseInt(v, 10))
    .option('-v, --verbose', 'list passed checks too')
    .action(async (o: ScanOptions) => {
      // Loaded here, not at the top: `mamori secrets scan --staged` in a git hook must not pay for the AWS SDK.
      const [{ Aws }, { openDatabase, defaultDbPath }, { DEMO_SNAPSHOT, evaluate, loadSnapshot, recordScan, saveSnapshot, scanAccount }, { renderScanTerminal }, { clearProgress, progressReporter, style, useColor }] =
        await Promise.all([
          import('../../aws/clients.js'),
          import('../../store/store.js'),
          import('../../scan/run.js'),
          import('../../report/scan-terminal.js'),
          import('../../report/style.js'),
        ]);
      let result: ScanResult;
      if (o.demo && o.snapshotIn) throw new Error('--demo and --snapshot-in cannot be used together');
      if (o.demo || o.snapshotIn) {
        result = evaluate(loadSnapshot(o.demo ? DEMO_SNAPSHOT : o.snapshotIn!));
      } else {
        const aws = new Aws({
          ...(o.profile ? { profile: o.profile } : {}),
          ...(o.roleArn ? { roleArn: o.roleArn } : {}),
          ...(o.externalId ? { externalId: o.externalId } : {}),
          ...(o.mfaSerial ? { mfaSerial: o.mfaSerial, mfaCode: promptMfa } : {}),
          ...(o.region ? { region: o.region } : {}),
          ...(o.concurrency ? { concurrency: o.concurrency } : {}),
        });
        const progress = progressReporter();
        try {
          result = await scanAccount(aws, { ...(o.regions ? { regions: o.regions } : {}), progress });
        } finally {
          clearProgress();
          aws.destroy();
        }
      }
      if (o.snapshotOut) saveSnapshot(o.snapshotOut, result.snapshot);
      if (o.store) {
        const db = openDatabase(o.db ?? defaultDbPath());
        try {
          result.scanId = recordScan(db, result);
        } finally {
          db.close();
        }
      }
      const text =
        o.format === 'json'
          ? JSON.stringify(result.report, null, 2) + '\n'
          : renderScanTerminal(result.report, style(!o.out && useColor()), { verbose: !!o.verbose });
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
    });
}
