/**
 * `scan --org` over an organization of N accounts in the fake, every call
 * answered after `--latency` ms, `--parallel` accounts at a time. The same
 * pieces as the CLI: list, select, assume each member's role, collect,
 * evaluate, stream each account to the store, combined report from the store.
 * Prints one JSON line: wall time, API calls, peak heap while scanning
 * (sampled), peak RSS of the process. Run by bench.sh, once per setting, each
 * in a fresh process so the peak is this run's alone.
 *
 *   node dist/bench/scan-org/run.js --accounts 50 --parallel 4 --latency 20
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
  options: { accounts: { type: 'string', default: '50' }, parallel: { type: 'string', default: '4' }, latency: { type: 'string', default: '20' } },
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
let peakHeap = 0;
const sample = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);

const t0 = performance.now();
const base = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1' });
const selected = selectAccounts(await listOrgAccounts(base), undefined, [mgmt.id]);
const scanId = store.begin(selected.map((a) => a.id), [], false, new Date(), 'org');
store.planAccounts(scanId, selected);
// The credential report is polled once per latency period, as the fake's report is ready at once.
const targets = selected.map((a) => memberTarget(base, a, memberRoleArn('aws', a.id, 'OrganizationAccountAccessRole'), { collect: { pollMs: latency } }));
await runSession(targets, { store, scanId, parallelAccounts: parallel });
finishSession(store, scanId);
const scanMs = performance.now() - t0;
const scanHeap = peakHeap;
const report = reportFromStore(store, scanId);
const wallMs = performance.now() - t0;
clearInterval(sample);
base.destroy();
fake.uninstall();
db.close();
rmSync(dir, { recursive: true, force: true });
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
    peakHeapScanMB: Math.round(scanHeap / 1048576),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
