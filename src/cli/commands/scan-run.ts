/**
 * What `mamori scan` does once its options are parsed. Kept apart from the
 * option definitions (./scan.ts) so that building the program — as every
 * `mamori` invocation, including git hooks, does — never loads the AWS SDK.
 */
import { createInterface } from 'node:readline/promises';
import { writeFileSync } from 'node:fs';
import { Aws } from '../../aws/clients.js';
import { openDatabase, defaultDbPath } from '../../store/store.js';
import { ScanStore, type ScanOptionsRecord } from '../../store/scans.js';
import { DEMO_SNAPSHOT, loadSnapshot, saveSnapshot } from '../../scan/run.js';
import { collectSnapshot } from '../../scan/collect/index.js';
import { finishSession, runSession, type ScanTarget } from '../../scan/session.js';
import { DEFAULT_ORG_ROLE, listOrgAccounts, memberRoleArn, memberTarget, selectAccounts } from '../../scan/org.js';
import { diffScans, reportFromStore } from '../../scan/history.js';
import { applySuppressions, parseSuppressions, type SuppressionSet } from '../../scan/suppress.js';
import { findConfig, loadConfig } from '../../config/file.js';
import { SEVERITIES, type Severity } from '../../scan/check.js';
import type { ScanReport } from '../../report/scan-json.js';
import { destinations, parseFormats, renderMachine, type Format } from '../../report/formats.js';
import { renderScanTerminal } from '../../report/scan-terminal.js';
import { clearProgress, progressReporter, style, useColor } from '../../report/style.js';
import { EXIT, requestExit } from '../exit.js';

export interface ScanOptions {
  demo?: boolean;
  snapshotIn?: string;
  snapshotOut?: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
  mfaSerial?: string;
  region?: string;
  regions?: string[];
  format: string;
  out?: string;
  db?: string;
  store: boolean;
  verbose?: boolean;
  concurrency?: number;
  org?: boolean;
  orgRole?: string;
  parallelAccounts: number;
  accounts?: string[];
  excludeAccounts?: string[];
  resume?: boolean;
  config?: string;
  failOn?: Severity;
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


function baseAws(o: ScanOptions, home?: string): Aws {
  const region = o.region ?? home;
  return new Aws({
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.roleArn ? { roleArn: o.roleArn } : {}),
    // With --org, --external-id is for the member roles, not for --role-arn.
    ...(o.externalId && !o.org ? { externalId: o.externalId } : {}),
    ...(o.mfaSerial ? { mfaSerial: o.mfaSerial, mfaCode: promptMfa } : {}),
    ...(region ? { region } : {}),
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
  });
}

/** A member account of an organization scan: enter it through the role, then collect. */
function member(base: Aws, id: string, name: string | undefined, roleArn: string, o: ScanOptions, regions?: string[]): ScanTarget {
  return memberTarget(base, { id, ...(name ? { name } : {}) }, roleArn, {
    ...(o.externalId ? { externalId: o.externalId } : {}),
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    collect: regions ? { regions } : {},
  });
}

interface Plan {
  scanId: number;
  targets: ScanTarget[];
  cleanup: () => void;
}

/**
 * The account the scan runs from is scanned with its own credentials: the
 * management account has no OrganizationAccountAccessRole of its own.
 */
function self(base: Aws, id: string, name: string | undefined, regions?: string[]): ScanTarget {
  return { account: id, ...(name ? { name } : {}), open: () => collectSnapshot(base, regions ? { regions } : {}) };
}

async function planOrg(o: ScanOptions, store: ScanStore, progress: (m: string) => void): Promise<Plan> {
  let base: Aws | undefined;
  try {
    if (o.resume) {
      const prev = store.resumable('org');
      if (!prev) throw new Error('--resume: no interrupted organization scan in the store');
      const opts = prev.options ?? {};
      base = baseAws(o, opts.homeRegion);
      const b = base;
      const me = await b.whoAmI();
      const role = o.orgRole ?? opts.orgRole ?? DEFAULT_ORG_ROLE;
      const pending = store.accounts(prev.id).filter((a) => a.status === 'pending');
      progress(`resuming scan #${prev.id}: ${pending.length} account(s) left`);
      const partition = opts.partition ?? me.Arn!.split(':')[1]!;
      store.setStatus(prev.id, 'running');
      return {
        scanId: prev.id,
        targets: pending.map((a) =>
          a.account === me.Account ? self(b, a.account, a.name, opts.regions) : member(b, a.account, a.name, memberRoleArn(partition, a.account, role), o, opts.regions),
        ),
        cleanup: () => b.destroy(),
      };
    }
    base = baseAws(o);
    const b = base;
    const me = await b.whoAmI();
    const partition = me.Arn!.split(':')[1]!;
    const members = selectAccounts(await listOrgAccounts(b), o.accounts, o.excludeAccounts);
    if (!members.length) throw new Error('no ACTIVE account of the organization is left to scan');
    const role = o.orgRole ?? DEFAULT_ORG_ROLE;
    const options: ScanOptionsRecord = {
      orgRole: role,
      homeRegion: b.homeRegion,
      partition,
      parallelAccounts: o.parallelAccounts,
      ...(o.regions ? { regions: o.regions } : {}),
    };
    const scanId = store.begin(members.map((m) => m.id), o.regions ?? [], false, new Date(), 'org', options);
    store.planAccounts(scanId, members.map((m) => ({ id: m.id, ...(m.name ? { name: m.name } : {}) })));
    progress(`organization: ${members.length} account(s) to scan`);
    return {
      scanId,
      targets: members.map((m) =>
        m.id === me.Account ? self(b, m.id, m.name, o.regions) : member(b, m.id, m.name, memberRoleArn(partition, m.id, role), o, o.regions),
      ),
      cleanup: () => b.destroy(),
    };
  } catch (err) {
    base?.destroy();
    throw err;
  }
}

async function planSingle(o: ScanOptions, store: ScanStore): Promise<Plan> {
  if (o.resume) throw new Error('--resume continues an organization scan: use it with --org');
  if (o.demo && o.snapshotIn) throw new Error('--demo and --snapshot-in cannot be used together');
  if (o.demo || o.snapshotIn) {
    const snap = loadSnapshot(o.demo ? DEMO_SNAPSHOT : o.snapshotIn!);
    const scanId = store.begin([snap.account.id], snap.regions, snap.demo, new Date(snap.collectedAt));
    store.planAccounts(scanId, [{ id: snap.account.id }]);
    return {
      scanId,
      targets: [{ account: snap.account.id, open: async () => snap }],
      cleanup: () => {},
    };
  }
  const aws = baseAws(o);
  const me = await aws.whoAmI().catch((err) => {
    aws.destroy();
    throw err;
  });
  const scanId = store.begin([me.Account!], o.regions ?? [], false);
  store.planAccounts(scanId, [{ id: me.Account! }]);
  return {
    scanId,
    targets: [
      {
        account: me.Account!,
        open: async () => {
          const snap = await collectSnapshot(aws, { ...(o.regions ? { regions: o.regions } : {}), progress: progressReporter() });
          if (o.snapshotOut) saveSnapshot(o.snapshotOut, snap);
          return snap;
        },
      },
    ],
    cleanup: () => aws.destroy(),
  };
}

function loadSuppressions(o: ScanOptions): { set: SuppressionSet; file?: string } {
  const file = findConfig(o.config);
  if (!file) return { set: { active: [], expired: [] } };
  return { set: parseSuppressions(loadConfig(file)), file };
}

export function failOnExceeded(report: ScanReport, threshold: Severity | undefined): boolean {
  if (!threshold) return false;
  const max = SEVERITIES.indexOf(threshold);
  return report.findings.some((f) => f.status === 'FAIL' && SEVERITIES.indexOf(f.severity) <= max);
}

function writeOutputs(report: ScanReport, formats: Format[], out: string | undefined, store: ScanStore, verbose: boolean): void {
  const dest = destinations(formats, out);
  for (const [format, path] of dest) {
    let text: string;
    if (format === 'terminal') text = renderScanTerminal(report, style(!path && useColor()), { verbose });
    else text = renderMachine(format, report, format === 'html' ? store.history(report.accounts.map((a) => a.id), report.demo) : []);
    if (path) writeFileSync(path, text);
    else process.stdout.write(text);
  }
}

/** Runs the scan; the exit code it asks for goes through requestExit. */
export async function runScan(o: ScanOptions): Promise<void> {
    const formats = parseFormats(o.format);
    destinations(formats, o.out); // usage errors before any AWS call
    if (!o.org && (o.accounts || o.excludeAccounts || o.orgRole)) throw new Error('--accounts, --exclude-accounts and --org-role need --org');
    if (o.org && (o.demo || o.snapshotIn || o.snapshotOut)) throw new Error('--org cannot be combined with --demo, --snapshot-in or --snapshot-out');
    if (o.resume && !o.store) throw new Error('--resume needs the store (drop --no-store)');
    const { set, file } = loadSuppressions(o);
    const db = openDatabase(o.store ? (o.db ?? defaultDbPath()) : ':memory:');
    const store = new ScanStore(db);
    const progress = progressReporter();
    // Ctrl-C: stop starting accounts, record those running, leave the rest for --resume.
    const abort = new AbortController();
    const onSigint = () => {
      if (abort.signal.aborted) process.exit(EXIT.INTERRUPTED);
      abort.abort();
      process.stderr.write('\nmamori: interrupted — finishing the accounts in progress (Ctrl-C again to quit now)\n');
    };
    let plan: Plan | undefined;
    try {
      plan = o.org ? await planOrg(o, store, progress) : await planSingle(o, store);
      process.on('SIGINT', onSigint);
      const complete = await runSession(plan.targets, {
        store,
        scanId: plan.scanId,
        parallelAccounts: o.parallelAccounts,
        suppress: (findings, snap) => applySuppressions(findings, snap, set),
        progress,
        signal: abort.signal,
      });
      clearProgress();
      if (!complete) {
        store.setStatus(plan.scanId, 'interrupted');
        const left = store.accounts(plan.scanId).filter((a) => a.status === 'pending').length;
        process.stderr.write(`mamori: scan #${plan.scanId} interrupted with ${left} account(s) left; run the same command with --resume to continue\n`);
        requestExit(EXIT.INTERRUPTED);
        return;
      }
      finishSession(store, plan.scanId);
      const scan = store.get(plan.scanId)!;
      const previous = o.store ? store.previous(plan.scanId, scan.accounts, scan.demo) : undefined;
      let changes: ScanReport['changes'];
      if (previous) {
        const { scanId: _id, newFindings: _nf, ...rest } = diffScans(store, previous.id, plan.scanId);
        changes = rest;
      }
      const report = reportFromStore(store, plan.scanId, {
        ...(changes ? { changes } : {}),
        ...(file ? { suppressions: { file, active: set.active.length, expired: set.expired.map((s) => ({ source: s.source, reason: s.reason, expires: s.expires! })) } } : {}),
      });
      if (!o.store) delete report.scanId;
      writeOutputs(report, formats, o.out, store, !!o.verbose);
      if (failOnExceeded(report, o.failOn)) requestExit(EXIT.FINDINGS);
    } finally {
      process.removeListener('SIGINT', onSigint);
      clearProgress();
      plan?.cleanup();
      db.close();
    }
}
