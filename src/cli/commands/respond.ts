import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { RespondResult } from '../../respond/playbook.js';
import type { Subject } from '../../respond/investigate.js';
import type { Action } from '../../respond/actions.js';
import { jsonText, stripControl } from '../../report/sanitize.js';
import { clearProgress, progressReporter } from '../../report/style.js';
import { DB_HELP } from './history.js';

interface RespondCliOptions {
  contain?: boolean;
  apply?: boolean;
  yes?: boolean;
  since?: string;
  regions?: string[];
  trail?: string;
  out?: string;
  format: 'terminal' | 'json';
  db?: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
  region?: string;
}

/** "24h", "7d", "90m" or an ISO time. */
export function parseSince(v: string, now = Date.now()): Date {
  const m = /^(\d+)([mhd])$/.exec(v.trim());
  if (m) return new Date(now - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd']);
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`--since ${v}: expected a duration (90m, 24h, 7d) or an ISO time`);
  return d;
}

/**
 * --apply needs a yes: --yes for scripts, or a typed "yes" on a terminal. With
 * neither it refuses before making any call.
 */
function checkApplyConsent(yes: boolean | undefined, stdin: { isTTY?: boolean } = process.stdin): void {
  if (!yes && !stdin.isTTY) throw new Error('--apply changes the account: confirm with --yes when no terminal is attached (nothing was changed)');
}

/**
 * On a terminal the question comes once the cleanup plan is known, so that
 * the person answering sees what will be deleted; containment has already run.
 */
async function askCleanup(plan: Action[]): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    process.stderr.write(`\nCleanup plan (${plan.length} action(s)):\n${plan.map((a) => `  - ${stripControl(a.target)}`).join('\n')}\n`);
    return (await rl.question('Carry it out? Type "yes" to go on: ')).trim() === 'yes';
  } finally {
    rl.close();
  }
}

async function run(subject: Subject, o: RespondCliOptions): Promise<void> {
  if (o.apply) checkApplyConsent(o.yes);
  // Loaded when the command runs: building the program (and every git hook running `mamori secrets`) must not load the AWS SDK or SQLite.
  const [{ Aws }, { openDatabase }, { ResponseStore }, { respond }, { renderHtml, renderMarkdown, renderTerminal }, { TrailFileSource, detectTrailReader }] = await Promise.all([
    import('../../aws/clients.js'),
    import('../../store/store.js'),
    import('../../store/responses.js'),
    import('../../respond/playbook.js'),
    import('../../respond/report.js'),
    import('../../respond/events/trail-files.js'),
  ]);
  const aws = new Aws({
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.roleArn ? { roleArn: o.roleArn } : {}),
    ...(o.externalId ? { externalId: o.externalId } : {}),
    ...(o.region ? { region: o.region } : {}),
  });
  const db = openDatabase(o.db);
  const progress = progressReporter();
  let result: RespondResult;
  try {
    const since = o.since ? parseSince(o.since) : undefined;
    const trail = o.trail;
    result = await respond(aws, {
      subject,
      contain: !!o.contain || !!o.apply,
      apply: !!o.apply,
      ...(o.apply && !o.yes ? { confirmCleanup: askCleanup } : {}),
      store: new ResponseStore(db),
      ...(since ? { since } : {}),
      ...(o.regions ? { regions: o.regions } : {}),
      ...(trail ? { source: () => new TrailFileSource(trail, detectTrailReader(aws), { start: since ?? new Date(Date.now() - 90 * 86_400_000), end: new Date() }) } : {}),
      progress,
    });
  } finally {
    clearProgress();
    aws.destroy();
    db.close();
  }
  if (o.out) {
    mkdirSync(o.out, { recursive: true, mode: 0o700 });
    const base = join(o.out, `incident-${result.incidentId}`);
    writeFileSync(`${base}.md`, renderMarkdown(result), { mode: 0o600 });
    writeFileSync(`${base}.html`, renderHtml(result), { mode: 0o600 });
    writeFileSync(`${base}.json`, jsonText(result, 2), { mode: 0o600 });
  }
  process.exitCode = exitCode(result);
  process.stdout.write(o.format === 'json' ? jsonText(result, 2) : renderTerminal(result) + (o.out ? `report: ${join(o.out, `incident-${result.incidentId}`)}.{md,html,json}\n` : ''));
}

/**
 * For scripts started from an alert: 2 when containment did not complete (a
 * containment action failed or could not be carried out), 1 when the cleanup
 * failed somewhere or part of the trail could not be read, 0 otherwise.
 */
export function exitCode(r: RespondResult): number {
  const acted = r.mode !== 'dry-run';
  if (acted && r.contain.some((a) => a.outcome === 'failed' || a.outcome === 'unknown' || a.outcome === 'manual')) return 2;
  if (r.eradicate.some((a) => a.outcome === 'failed') || r.investigation.gaps.length) return 1;
  return 0;
}

function common(cmd: Command): Command {
  return cmd
    .option('--contain', 'carry out containment now, without a question (the flag is the consent); the cleanup stays a plan')
    .option('--apply', 'contain at once, then carry out the cleanup (on a terminal it shows the plan and asks first; --yes for scripts)')
    .option('-y, --yes', 'confirm --apply without a terminal')
    .option('--since <when>', 'start of the investigated window: 90m, 24h, 7d or an ISO time (default 90 days for a key, 24h for a user)')
    .option('--regions <list>', 'only these regions (comma-separated)', (v: string) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .option('--trail <location>', 'read CloudTrail from trail files (PATH or s3://bucket/prefix) instead of LookupEvents')
    .option('--out <dir>', 'write the incident report there (Markdown, HTML, JSON)')
    .addOption(new Option('--format <format>', 'stdout format').choices(['terminal', 'json']).default('terminal'))
    .option('--db <path>', DB_HELP)
    .option('--profile <name>', 'AWS profile of the responder')
    .option('--role-arn <arn>', 'assume this role to respond')
    .option('--external-id <id>', 'external id for --role-arn')
    .option('--region <region>', 'home region for global calls');
}

export function register(program: Command): void {
  const respondCmd = program.command('respond').description('Leaked-key playbook: contain in seconds, investigate every region, clean up, report');
  common(
    respondCmd
      .command('key')
      .description('respond to a leaked access key (AKIA…) or session credential (ASIA…)')
      .argument('<access-key-id>'),
  ).action(async (keyId: string, o: RespondCliOptions) => {
    if (!/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(keyId)) throw new Error(`${keyId.slice(0, 24)}: not an access key id (AKIA/ASIA followed by 16 characters)`);
    await run({ kind: 'key', accessKeyId: keyId }, o);
  });
  common(
    respondCmd
      .command('user')
      .description('respond to a compromised console password: remove it, revoke sessions, list and clean what its sessions did')
      .argument('<user-name>'),
  ).action(async (userName: string, o: RespondCliOptions) => {
    await run({ kind: 'user', userName }, o);
  });
}
