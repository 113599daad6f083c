/**
 * `scan --org` over an organization of N accounts in the fake, every call
 * answered after `--latency` ms, `--parallel` accounts at a time. The same
 * pieces as the CLI: list, select, assume each member's role, collect,
 * evaluate, stream each account to the store, combined report from the store.
 * Prints one JSON line: wall time, API calls, the live heap (after a full GC)
 * as each account is recorded — what the scan retains, the figure that must
 * stay flat — the fake's own heap before the scan, and peak RSS. Run by
 * bench.sh, once per setting, each in a fresh process (with --expose-gc).
 *
 *   node --expose-gc dist/bench/scan-org/run.js --accounts 50 --parallel 4 --latency 20
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ScanStore } from '../../src/store/scans.js';
import { listOrgAccounts, memberRoleArn, memberTarget, selectAccounts } from '../../src/scan/org.js';
import { finishSession, runSession } from '../../src/scan/session.js';
import { reportFromStore } from '../../src/scan/history.js';
import { createFake, EXAMPLE_CREDENTIALS, emptyAccount } from '../../test/fake/index.js';
import { hardenedAccount, vulnerableAccount } from '../../test/fake/seeds.js';
import { createOrganization } from '../../test/fake/services/organizations.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50' },
    parallel: { type: 'string', default: '4' },
    latency: { type: 'string', default: '20' },
    // Full GC after each account to measure what is retained (slows the run: off for wall-time runs).
    memory: { type: 'boolean', default: false },
  },
});
const n = Number(values.accounts);
const parallel = Number(values.parallel);
const latency = Number(values.latency);

// Half vulnerable, half hardened members (12-digit ids), under a management account.
const fake = createFake([]);
const mgmt = emptyAccount('111122223333', 'auditor');
fake.addAccount(mgmt, EXAMPLE_CREDENTIALS.accessKeyId);
const members = Array.from({ length: n }, (_, i) => {
  const id = String(200000000000 + i);
  return i % 2 ? hardenedAccount(id) : vulnerableAccount(id);
});
createOrganization(fake, mgmt, members);
fake.latencyMs = latency;

const dir = mkdtempSync(join(tmpdir(), 'mamori-bench-'));
const db = openDatabase(join(dir, 'bench.db'));
const store = new ScanStore(db);
const gc = (globalThis as { gc?: () => void }).gc;
if (values.memory && !gc) throw new Error('--memory needs node --expose-gc');
const live = () => (gc?.(), process.memoryUsage().heapUsed);
// The fake (every account's state) lives in this process too: its heap before the scan is the floor.
const fakeHeap = live();
const liveAfterAccount: number[] = [];

const t0 = performance.now();
const base = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1' });
const selected = selectAccounts(await listOrgAccounts(base), undefined, [mgmt.id]);
const scanId = store.begin(selected.map((a) => a.id), [], false, new Date(), 'org');
store.planAccounts(scanId, selected);
// The credential report is polled once per latency period, as the fake's report is ready at once.
const targets = selected.map((a) => memberTarget(base, a, memberRoleArn('aws', a.id, 'OrganizationAccountAccessRole'), { collect: { pollMs: latency } }));
let gcMs = 0;
await runSession(targets, {
  store,
  scanId,
  parallelAccounts: parallel,
  onAccountDone: () => {
    // sinon records every mocked call; that is the fake's memory, not the scanner's.
    fake.resetHistory();
    if (!values.memory) return;
    const g = performance.now();
    liveAfterAccount.push(live());
    gcMs += performance.now() - g;
  },
});
finishSession(store, scanId);
const scanMs = performance.now() - t0 - gcMs;
const report = reportFromStore(store, scanId);
const wallMs = performance.now() - t0 - gcMs;
base.destroy();
fake.uninstall();
db.close();
rmSync(dir, { recursive: true, force: true });
const mb = (b: number) => Math.round(b / 1048576);
process.stdout.write(
  JSON.stringify({
    accounts: n,
    parallel,
    latencyMs: latency,
    scanMs: Math.round(scanMs),
    wallMs: Math.round(wallMs),
    apiCalls: fake.totalCalls,
    findings: report.findings.length,
    notAssessed: report.accounts.filter((a) => a.status === 'NOT_ASSESSED').length,
    ...(values.memory
      ? {
          fakeHeapMB: mb(fakeHeap),
          // what the scan keeps: live heap above the fake's, early (first tenth of accounts), max, at the end
          scanLiveMBEarly: mb(liveAfterAccount[Math.max(0, Math.floor(liveAfterAccount.length / 10) - 1)]! - fakeHeap),
          scanLiveMBMax: mb(Math.max(...liveAfterAccount) - fakeHeap),
          scanLiveMBLast: mb(liveAfterAccount.at(-1)! - fakeHeap),
        }
      : {}),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
