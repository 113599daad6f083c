import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scanJson, tempDir, useExampleCredentials } from './cli-harness.js';
import { captureStdout } from './capture.js';
import { createFake, type FakeAws } from '../fake/index.js';
import { vulnerableAccount } from '../fake/seeds.js';
import { ajv, scanReportSchema } from '../report/schemas.js';

const valid = (r: unknown) => {
  const v = ajv().compile(scanReportSchema);
  assert.ok(v(r), JSON.stringify(v.errors?.slice(0, 3)));
};

describe('mamori scan with suppressions from the config file', () => {
  let fake: FakeAws;
  let dir: string;
  before(() => {
    useExampleCredentials();
    fake = createFake([vulnerableAccount()]);
    dir = tempDir();
  });
  after(() => fake.uninstall());

  it('marks matching findings SUPPRESSED with the reason, keeps them in the report, and reports expired entries', async () => {
    const config = join(dir, 'mamori.yml');
    writeFileSync(
      config,
      `# team exceptions
scan:
  suppress:
    - check: takeover.access-key
      resource: "arn:aws:iam::*:user/intern"
      reason: intern account is being closed this week (TICKET-12)
    - check: iam.privileged-principals
      account: "123456789012"
      resource: "*:role/OrganizationAccountAccessRole"
      reason: the organization's access role is admin by design
      expires: 2099-12-31
    - check: iam.full-admin-policy
      reason: old exception
      expires: 2020-01-01
secrets:
  allow: []
`,
    );
    const r = await scanJson(['--config', config, '--regions', 'us-east-1']);
    valid(r);
    const intern = r.findings.find((f: any) => f.checkId === 'takeover.access-key' && /user\/intern$/.test(f.resource));
    assert.equal(intern.status, 'SUPPRESSED');
    assert.equal(intern.suppression.reason, 'intern account is being closed this week (TICKET-12)');
    assert.equal(intern.suppression.status, 'FAIL');
    assert.equal(intern.suppression.source, `${config}:4`);
    const role = r.findings.find((f: any) => f.checkId === 'iam.privileged-principals' && /OrganizationAccountAccessRole/.test(f.resource));
    assert.equal(role.status, 'SUPPRESSED');
    assert.equal(role.suppression.expires, '2099-12-31');
    // the expired entry is reported and not applied
    assert.deepEqual(r.suppressions.expired, [{ source: `${config}:12`, reason: 'old exception', expires: '2020-01-01' }]);
    assert.equal(r.findings.find((f: any) => f.checkId === 'iam.full-admin-policy').status, 'FAIL');
    assert.equal(r.summary.SUPPRESSED, 2);
    // other takeover paths are untouched
    assert.ok(r.findings.some((f: any) => f.checkId === 'takeover.access-key' && f.status === 'FAIL'));
  });

  it('reads .mamori.yml from the working directory and shows suppressions in the terminal', async () => {
    const cwd = process.cwd();
    const here = tempDir();
    writeFileSync(join(here, '.mamori.yml'), 'scan:\n  suppress:\n    - check: "iam.full-admin-*"\n      reason: reviewed by security\n    - check: iam.root-mfa-enabled\n      reason: expired one\n      expires: 2021-06-30\n');
    process.chdir(here);
    try {
      const text = await captureStdout(() => runCli(['scan', '--regions', 'us-east-1', '--db', join(here, 'm.db')]));
      assert.match(text, /Suppressed \(1\)/);
      assert.match(text, /iam\.full-admin-policy .*: reviewed by security/);
      assert.match(text, /expired suppression no longer applies: .*\.mamori\.yml:5 \(expired 2021-06-30\): expired one/);
      assert.match(text, /1 suppressed/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses to scan with a bad config, naming the file and line', async () => {
    const config = join(dir, 'bad.yml');
    writeFileSync(config, 'scan:\n  suppress:\n    - check: iam.user-mfa\n      reason: ok\n    - resource: "*"\n');
    const before = fake.totalCalls;
    await assert.rejects(scanJson(['--config', config]), (e: Error) => e.message.startsWith(`${config}:5: suppression 2 needs a "reason"`));
    assert.equal(fake.totalCalls, before, 'no AWS call before the config is valid');
    await assert.rejects(scanJson(['--config', join(dir, 'missing.yml')]), /config file not found/);
  });
});
