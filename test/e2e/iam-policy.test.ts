import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { createFake, type FakeAws } from '../fake/index.js';
import { vulnerableAccount } from '../fake/seeds.js';
import { scanJson, useExampleCredentials } from './cli-harness.js';
import { actionMatches } from '../../src/scan/iam/policy.js';
import { iamActionFor } from '../../src/aws/actions.js';


describe('docs/iam-policy-scan.json', () => {
  let fake: FakeAws;
  before(() => {
    useExampleCredentials();
    fake = createFake([vulnerableAccount()]);
  });
  after(() => fake.uninstall());

  it('allows every action a full scan calls, and nothing that writes', async () => {
    await scanJson();
    const policy = JSON.parse(readFileSync(new URL('../../../docs/iam-policy-scan.json', import.meta.url), 'utf8'));
    const allowed: string[] = policy.Statement.flatMap((s: any) => (s.Effect === 'Allow' ? s.Action : []));
    const called = [...fake.calls.keys()].map(iamActionFor);
    const missing = called.filter((a) => !allowed.some((p) => actionMatches(p, a)));
    assert.deepEqual(missing, [], `actions called but not in the policy: ${missing.join(', ')}`);
    const writes = allowed.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe|View|Generate)/.test(a));
    assert.deepEqual(writes, [], 'read-only: GenerateCredentialReport is the only non-Get/List/Describe action');
  });
});
