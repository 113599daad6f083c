import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createFake, type FakeAws } from '../fake/index.js';
import { addUser, key, vulnerableAccount } from '../fake/seeds.js';
import { runCli, scanJson, tempDir, useExampleCredentials } from './cli-harness.js';

const schema = JSON.parse(readFileSync(new URL('../../../docs/schema/scan-report.v1.json', import.meta.url), 'utf8'));

function validator() {
  const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
  (addFormats as unknown as typeof addFormats.default)(ajv);
  return ajv.compile(schema);
}

describe('scan report contract and hostile names', () => {
  let fake: FakeAws;
  const hostile = 'ops\u001b]0;owned\u0007\u001b[2J<script>x</script>';
  before(() => {
    useExampleCredentials();
    const account = vulnerableAccount();
    addUser(account, hostile, { attached: ['arn:aws:iam::aws:policy/AdministratorAccess'], keys: [key('hostile', 10, 1)] });
    fake = createFake([account]);
  });
  after(() => fake.uninstall());

  it('the JSON report validates against docs/schema/scan-report.v1.json', async () => {
    const report = await scanJson();
    const validate = validator();
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 5)));
  });

  it('the bundled demo report validates too', async () => {
    const dir = tempDir();
    await runCli(['scan', '--demo', '--no-store', '--format', 'json', '--out', join(dir, 'd.json')]);
    const validate = validator();
    assert.ok(validate(JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'))), JSON.stringify(validate.errors?.slice(0, 5)));
  });

  it('a user name with terminal escapes reaches the terminal stripped, and its fix is shell-quoted', async () => {
    const dir = tempDir();
    await runCli(['scan', '--no-store', '--out', join(dir, 'r.txt')]);
    const text = readFileSync(join(dir, 'r.txt'), 'utf8');
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text), 'no control characters in terminal output');
    assert.match(text, /ops<script>x<\/script>: active key/);
    assert.match(text, /--user-name 'ops.*<script>x<\/script>'/);
  });
});
