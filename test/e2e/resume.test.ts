import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, useExampleCredentials } from './cli-harness.js';
import { HARD, MGMT, NO_ROLE, orgFake, VULN } from './org-fixture.js';
import { stsService } from '../fake/services/sts.js';
import type { FakeAws } from '../fake/index.js';
import { takeExitCode } from '../../src/cli/exit.js';
import { openDatabase } from '../../src/store/store.js';
import { ScanStore } from '../../src/store/scans.js';

describe('mamori scan --org interrupted and resumed', () => {
  let fake: FakeAws;
  const original = stsService.handlers.AssumeRole!;
  let assumeCalls = 0;
  before(() => {
    useExampleCredentials();
    // Ctrl-C arrives while the second account (VULN, the first entered through a role) starts.
    stsService.handlers.AssumeRole = (input, ctx) => {
      if (++assumeCalls === 1) process.emit('SIGINT');
      return original(input, ctx);
    };
    fake = orgFake();
  });
  after(() => {
    stsService.handlers.AssumeRole = original;
    fake.uninstall();
  });

  it('stops after the accounts in progress, then --resume scans only the rest', async () => {
    const dir = tempDir();
    const db = join(dir, 'm.db');
    const out = join(dir, 'r.json');
    const args = ['scan', '--org', '--parallel-accounts', '1', '--regions', 'us-east-1', '--format', 'json', '--db', db];
    await runCli([...args, '--out', out]);
    assert.equal(takeExitCode(), 130, 'interrupted scans exit 130');
    assert.ok(!existsSync(out), 'no report for an unfinished scan');

    const store = new ScanStore(openDatabase(db));
    const scan = store.list()[0]!;
    assert.equal(scan.status, 'interrupted');
    const states = Object.fromEntries(store.accounts(scan.id).map((a) => [a.account, a.status]));
    assert.deepEqual(states, { [MGMT]: 'complete', [VULN]: 'complete', [HARD]: 'pending', [NO_ROLE]: 'pending' });
    const vulnFindings = store.findings(scan.id).filter((f) => f.account === VULN).length;
    assert.ok(vulnFindings > 10, 'the finished account is in the store already');

    // Were VULN scanned again now, every call would be denied and it would turn NOT_ASSESSED.
    fake.fail({ api: '*', account: VULN, code: 'AccessDenied' });
    const before = fake.calls.get('sts:AssumeRole') ?? 0;
    await runCli([...args, '--resume', '--out', out]);
    assert.equal(takeExitCode(), 0);
    assert.equal((fake.calls.get('sts:AssumeRole') ?? 0) - before, 2, 'only the two pending accounts are entered');

    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.scanId, scan.id, 'the same scan is continued');
    assert.deepEqual(report.accounts.map((a: any) => [a.id, a.status]), [
      [MGMT, 'complete'],
      [VULN, 'complete'],
      [HARD, 'complete'],
      [NO_ROLE, 'NOT_ASSESSED'],
    ]);
    assert.equal(report.findings.filter((f: any) => f.account === VULN).length, vulnFindings);
    assert.equal(store.get(scan.id)!.status, 'complete');
    assert.equal(store.list().length, 1);
  });

  it('says so when there is nothing to resume', async () => {
    const dir = tempDir();
    await assert.rejects(runCli(['scan', '--org', '--resume', '--db', join(dir, 'm.db')]), /no interrupted organization scan/);
  });
});
