import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFake, emptyAccount, type FakeAws } from '../fake/index.js';
import { exampleKeyId } from '../fake/seeds.js';
import { scanJson, tempDir, useExampleCredentials } from './cli-harness.js';

describe('credentials from the standard chain', () => {
  let fake: FakeAws;
  const saved = { ...process.env };
  after(() => {
    fake?.uninstall();
    process.env = saved;
  });

  it('--profile reads the shared credentials file and scans the account those keys belong to', async () => {
    useExampleCredentials();
    const dir = tempDir();
    const profileKey = exampleKeyId('auditprof');
    writeFileSync(join(dir, 'credentials'), `[audit]\naws_access_key_id = ${profileKey}\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
    writeFileSync(join(dir, 'config'), `[profile audit]\nregion = eu-west-1\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    // The environment's keys point at one account, the profile's at another: the report says which was used.
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const envAccount = emptyAccount('111111111111');
    const profileAccount = emptyAccount('222222222222');
    fake = createFake([]);
    fake.addAccount(envAccount, 'AKIAIOSFODNN7EXAMPLE');
    fake.addAccount(profileAccount, profileKey);
    const report = await scanJson(['--profile', 'audit', '--regions', 'eu-west-1']);
    assert.equal(report.accounts[0].id, '222222222222');
  });

  it('no credentials at all is a clear error, not a crash', async () => {
    fake?.uninstall();
    fake = createFake([emptyAccount('111111111111')]);
    const dir = tempDir();
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'none');
    process.env.AWS_CONFIG_FILE = join(dir, 'none');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_PROFILE;
    await assert.rejects(scanJson(['--regions', 'eu-west-1']), (e: any) => e.failure?.kind === 'no-credentials' && /sts:GetCallerIdentity/.test(e.message));
  });
});
