import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { collectLambda, envSecretsOf } from '../../../src/scan/collect/lambda.js';
import type { Read } from '../../../src/scan/snapshot.js';
import { addLambda } from '../../fake/services/lambda.js';
import { generatedKeyId, generatedSecret, harness, type Harness } from './harness.js';

const value = <T>(r: Read<T> | undefined): T => {
  assert.ok(r?.ok, `expected a value, got ${JSON.stringify(r)}`);
  return r.value;
};

describe('collect lambda', () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.done());

  it('keeps only masked secrets and variable names, never a value', async () => {
    const keyId = generatedKeyId();
    const secret = generatedSecret();
    addLambda(h.account, 'eu-west-1', {
      name: 'billing-export',
      env: { DEPLOY_KEY_ID: keyId, DEPLOY_AWS_SECRET_ACCESS_KEY: secret, TABLE: 'invoices', DB_PASSWORD_PLAIN: 'hunter2-but-longer' },
    });
    const snap = await h.run(collectLambda);
    const [fn] = value(snap.lambda.functions['eu-west-1']);
    assert.equal(fn!.arn, 'arn:aws:lambda:eu-west-1:123456789012:function:billing-export');
    assert.deepEqual(fn!.envNames, ['DB_PASSWORD_PLAIN', 'DEPLOY_AWS_SECRET_ACCESS_KEY', 'DEPLOY_KEY_ID', 'TABLE']);
    assert.deepEqual(
      fn!.envSecrets.map((s) => [s.rule, s.location, s.example]).sort(),
      [
        ['aws-access-key-id', 'DEPLOY_KEY_ID', false],
        ['aws-secret-access-key', 'DEPLOY_AWS_SECRET_ACCESS_KEY', false],
      ],
    );
    const text = JSON.stringify(snap);
    for (const v of [keyId, secret, 'invoices', 'hunter2-but-longer']) assert.ok(!text.includes(v), `value ${v.slice(0, 4)}… leaked into the snapshot`);
    assert.ok(fn!.envSecrets.every((s) => s.masked.includes('*')));
  });

  it('marks AWS example keys as examples', async () => {
    addLambda(h.account, 'us-east-1', { name: 'docs-demo', env: { KEY: 'AKIAIOSFODNN7EXAMPLE', MY_AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
    const snap = await h.run(collectLambda);
    const [fn] = value(snap.lambda.functions['us-east-1']);
    assert.equal(fn!.envSecrets.length, 2);
    assert.ok(fn!.envSecrets.every((s) => s.example));
  });

  it('flags a variable named like an AWS secret key whatever the value looks like; a bare SECRET_KEY is left to the generic detector', () => {
    assert.equal(envSecretsOf('LEGACY_AWS_SECRET_KEY', 'not-40-chars-but-still-a-secret')[0]?.rule, 'aws-secret-key-variable');
    assert.deepEqual(envSecretsOf('SECRET_KEY', 'django-insecure-0123456789abcdef').map((m) => m.rule), ['generic-secret']);
    assert.deepEqual(envSecretsOf('SECRET_KEY', 'changeme'), [], 'a low-entropy placeholder is not a secret');
    assert.deepEqual(envSecretsOf('MY_AWS_SECRET_ACCESS_KEY', ''), []);
    assert.deepEqual(envSecretsOf('MY_AWS_SECRET_ACCESS_KEY', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x'), []);
  });

  it('records an environment Lambda could not decrypt instead of pretending it is empty', async () => {
    addLambda(h.account, 'us-east-1', { name: 'kms-env', env: { A: 'b' }, envUndecryptable: true });
    const snap = await h.run(collectLambda);
    const [fn] = value(snap.lambda.functions['us-east-1']);
    assert.match(fn!.envError ?? '', /AccessDenied/);
    assert.deepEqual(fn!.envNames, []);
  });

  it('reads function URLs, including those of aliases', async () => {
    addLambda(h.account, 'us-east-1', { name: 'open', url: 'NONE', aliasUrls: { live: 'AWS_IAM' } });
    addLambda(h.account, 'us-east-1', { name: 'closed' });
    const snap = await h.run(collectLambda);
    const fns = value(snap.lambda.functions['us-east-1']);
    const open = value(fns.find((f) => f.name === 'open')!.urls);
    assert.deepEqual(open.map((u) => [u.authType, u.qualifier]).sort(), [['AWS_IAM', 'live'], ['NONE', undefined]]);
    assert.match(open[0]!.url, /^https:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws\/$/);
    assert.deepEqual(value(fns.find((f) => f.name === 'closed')!.urls), []);
  });

  it('follows NextMarker across pages of functions', async () => {
    for (let i = 0; i < 120; i++) addLambda(h.account, 'eu-west-1', { name: `fn-${String(i).padStart(3, '0')}` });
    const snap = await h.run(collectLambda);
    assert.equal(new Set(value(snap.lambda.functions['eu-west-1']).map((f) => f.name)).size, 120);
    // Three pages in eu-west-1, one in us-east-1.
    assert.equal(h.fake.calls.get('lambda:ListFunctions'), 4);
  });

  it('a denied URL read fails that function\'s URLs only; a denied listing fails the region', async () => {
    addLambda(h.account, 'us-east-1', { name: 'f', url: 'NONE' });
    addLambda(h.account, 'eu-west-1', { name: 'g' });
    h.fake.fail({ api: 'lambda:ListFunctionUrlConfigs', region: 'us-east-1', code: 'AccessDeniedException' });
    h.fake.fail({ api: 'lambda:ListFunctions', region: 'eu-west-1', code: 'AccessDeniedException' });
    const snap = await h.run(collectLambda);
    const [f] = value(snap.lambda.functions['us-east-1']);
    assert.equal(f!.urls.ok, false);
    assert.equal(!f!.urls.ok && f!.urls.error.kind, 'access-denied');
    const eu = snap.lambda.functions['eu-west-1']!;
    assert.equal(!eu.ok && eu.error.kind, 'access-denied');
  });

  it('a region the account has not opted into is region-disabled', async () => {
    h.done();
    h = harness(['ap-east-1', 'us-east-1']);
    const snap = await h.run(collectLambda);
    const r = snap.lambda.functions['ap-east-1']!;
    assert.equal(!r.ok && r.error.kind, 'region-disabled');
    assert.ok(snap.lambda.functions['us-east-1']!.ok);
  });
});
