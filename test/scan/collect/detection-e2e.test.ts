/**
 * Detection and response end to end: seed the fake, collect through the
 * real client layer with collectSnapshot, run the checks, and read the
 * results a user would read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Aws } from '../../../src/aws/clients.js';
import type { Result } from '../../../src/scan/check.js';
import { CHECKS } from '../../../src/scan/checks/index.js';
import { collectSnapshot } from '../../../src/scan/collect/index.js';
import type { Fault } from '../../fake/fake.js';
import { createFake, EXAMPLE_CREDENTIALS, type FakeAccount } from '../../fake/index.js';
import { enableAccessAnalyzer } from '../../fake/services/accessanalyzer.js';
import { setSecurityContact } from '../../fake/services/account.js';
import { addBudget } from '../../fake/services/budgets.js';
import { addCompliantTrail } from '../../fake/services/cloudtrail.js';
import { addCryptoMiningFinding, enableGuardDuty } from '../../fake/services/guardduty.js';
import { newAccount } from './detection-harness.js';

const DETECTION = ['guardduty', 'cloudtrail', 'cloudwatch', 'budgets', 'account', 'accessanalyzer'];
const SERVICES = new Set(['guardduty', 'cloudtrail', 'cloudwatch', 'billing', 'account', 'accessanalyzer']);
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];

function hardenDetection(a: FakeAccount) {
  enableGuardDuty(a);
  addCompliantTrail(a, 'us-east-1');
  addBudget(a, 'monthly');
  setSecurityContact(a);
  enableAccessAnalyzer(a);
}

async function scan(a: FakeAccount, faults: Fault[] = []): Promise<(Result & { check: string })[]> {
  const fake = createFake([a]);
  for (const f of faults) fake.fail(f);
  const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
  try {
    const snap = await collectSnapshot(aws, { regions: REGIONS, only: DETECTION, pollMs: 0 });
    return CHECKS.filter((c) => SERVICES.has(c.meta.service)).flatMap((c) => c.run({ snap, now: new Date(snap.collectedAt) }).map((r) => ({ ...r, check: c.meta.id })));
  } finally {
    aws.destroy();
    fake.uninstall();
  }
}

const summary = (rs: { check: string; status: string; region: string }[]) => rs.map((r) => `${r.check} ${r.region} ${r.status}`).sort();

describe('detection end to end', () => {
  it('a hardened account passes every detection check', async () => {
    const a = newAccount();
    hardenDetection(a);
    const results = await scan(a);
    assert.deepEqual(results.filter((r) => r.status !== 'PASS').map((r) => `${r.check} ${r.region}: ${r.reason}`), []);
    assert.equal(results.filter((r) => r.check.startsWith('cloudwatch.alarm-')).length, 6);
  });

  it('an account left as created fails each, with fixes', async () => {
    const results = await scan(newAccount());
    const failing = new Set(results.filter((r) => r.status === 'FAIL').map((r) => r.check));
    for (const c of CHECKS.filter((c) => SERVICES.has(c.meta.service) && c.meta.id !== 'guardduty.high-findings' && c.meta.id !== 'cloudtrail.log-file-validation')) assert.ok(failing.has(c.meta.id), `${c.meta.id} should fail`);
    // GuardDuty off: its findings cannot be read, which is not a pass.
    assert.deepEqual([...new Set(results.filter((r) => r.check === 'guardduty.high-findings').map((r) => r.status))], ['NOT_ASSESSED']);
    assert.deepEqual(results.filter((r) => r.check === 'guardduty.enabled').map((r) => r.region).sort(), [...REGIONS].sort());
  });

  it('the miner of the brief is surfaced as critical in the region it runs in', async () => {
    const a = newAccount();
    hardenDetection(a);
    addCryptoMiningFinding(a, 'ap-southeast-2', 20);
    const findings = (await scan(a)).filter((r) => r.check === 'guardduty.high-findings' && r.status === 'FAIL');
    assert.deepEqual(findings.map((r) => [r.region, r.severity, r.details?.count]), [['ap-southeast-2', 'critical', 20]]);
  });

  it('a pending subscription breaks every alarm chain at its last link', async () => {
    const b = newAccount();
    enableGuardDuty(b);
    addCompliantTrail(b, 'us-east-1', { confirmed: false });
    const alarms = (await scan(b)).filter((r) => r.check.startsWith('cloudwatch.alarm-'));
    assert.equal(alarms.length, 6);
    for (const r of alarms) {
      assert.equal(r.status, 'FAIL');
      assert.match(r.reason, /no confirmed subscription/);
    }
  });

  it('permissions missing on detection APIs give NOT_ASSESSED naming the API, never PASS', async () => {
    const a = newAccount();
    hardenDetection(a);
    const results = await scan(a, [
      { api: 'guardduty:ListDetectors', region: 'eu-west-1', code: 'AccessDeniedException' },
      { api: 'logs:DescribeMetricFilters', code: 'AccessDeniedException' },
      { api: 'budgets:DescribeBudgets', code: 'AccessDeniedException' },
    ]);
    const na = summary(results.filter((r) => r.status === 'NOT_ASSESSED'));
    assert.ok(na.includes('guardduty.enabled eu-west-1 NOT_ASSESSED'));
    for (const c of CHECKS.filter((c) => c.meta.id.startsWith('cloudwatch.alarm-'))) assert.ok(na.includes(`${c.meta.id} global NOT_ASSESSED`), c.meta.id);
    assert.match(results.find((r) => r.check === 'cloudwatch.alarm-root-usage')!.reason, /AccessDeniedException on logs:DescribeMetricFilters in us-east-1/);
    // The budget is unreadable, but no billing alarm exists either: unknown, not failed.
    assert.equal(results.find((r) => r.check === 'billing.budget-alarm')!.status, 'NOT_ASSESSED');
  });
});
