import { Command, Option } from 'commander';
import type { ScanOptions } from './scan-run.js';
import { DB_HELP } from './history.js';

// Literals rather than imports: registering the command must not load the scan (see scan-run.ts).
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const list = (v: string) => v.split(',').map((r) => r.trim()).filter(Boolean);
const positiveInt = (name: string) => (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n < 1 || String(n) !== v.trim()) throw new Error(`${name} must be a positive integer, not "${v}"`);
  return n;
};

export function register(program: Command): void {
  program
    .command('scan')
    .description('Audit an AWS account (or a whole organization) in every enabled region, ranked by what an attacker gains')
    .option('--demo', 'evaluate the bundled snapshot of a deliberately vulnerable DEMO account (no AWS needed)')
    .option('--snapshot-in <file>', 're-evaluate a saved snapshot offline')
    .option('--snapshot-out <file>', 'save the collected snapshot (secrets are never in it)')
    .option('--profile <name>', 'AWS profile (SSO, role chaining and credential_process work)')
    .option('--role-arn <arn>', 'assume this role for the scan')
    .option('--external-id <id>', 'external id for --role-arn, or with --org for the member roles')
    .option('--mfa-serial <serial>', 'MFA device; the code is asked for on the terminal')
    .option('--region <region>', 'home region for global calls (default: AWS_REGION or us-east-1)')
    .option('--regions <list>', 'only these regions (comma-separated)', list)
    .option('--org', 'scan every ACTIVE account of the organization (from the management or a delegated admin account)')
    .option('--org-role <name>', 'role assumed in each member account (default OrganizationAccountAccessRole)')
    .option('--parallel-accounts <n>', 'accounts scanned at once with --org', positiveInt('--parallel-accounts'), 4)
    .option('--accounts <ids>', 'with --org: only these account ids (comma-separated)', list)
    .option('--exclude-accounts <ids>', 'with --org: skip these account ids (comma-separated)', list)
    .option('--resume', 'continue the last interrupted --org scan without redoing finished accounts')
    .option('--config <file>', 'config file with suppressions (default: .mamori.yml in the working directory)')
    .option('--format <formats>', 'terminal, json, csv, sarif, ocsf, html — several comma-separated (then --out is a base name)', 'terminal')
    .option('--out <path>', 'write the report to this file (several formats: BASE.<ext> per format)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a FAIL of this severity or worse remains (for CI)').choices(SEVERITIES))
    .option('--db <path>', DB_HELP)
    .option('--no-store', 'do not record the scan in the store (no history, no resume)')
    .option('--concurrency <n>', 'API calls in flight per service and region', (v: string) => Number.parseInt(v, 10))
    .option('-v, --verbose', 'list passed checks too')
    .action(async (o: ScanOptions) => {
      // Loaded here, not at the top: `mamori secrets scan --staged` in a git hook must not pay for the AWS SDK.
      const { runScan } = await import('./scan-run.js');
      await runScan(o);
    });
}
