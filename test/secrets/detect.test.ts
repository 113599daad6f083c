import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findSecrets, mask } from '../../src/secrets/detect.js';
import { RULES } from '../../src/secrets/rules/index.js';
import { accountFromKeyId } from '../../src/secrets/aws-key-id.js';
import * as g from './gen.js';

interface Case {
  name: string;
  text: () => string;
  /** Rule ids expected, in order; [] = nothing reported. */
  expect: { rule: string; example?: boolean; severity?: string; account?: string }[];
}

const cases: Record<string, { valid: Case[]; invalid: Case[] }> = {
  'aws-access-key-id': {
    invalid: [
      { name: 'AKIA key id in an env file', text: () => `AWS_ACCESS_KEY_ID=${g.keyId('123456789012')}\n`, expect: [{ rule: 'aws-access-key-id', account: '123456789012' }] },
      { name: 'ASIA temporary key id', text: () => `"${g.keyId('000011112222', g.ASIA)}"`, expect: [{ rule: 'aws-access-key-id', account: '000011112222' }] },
      { name: 'ABIA bearer token id', text: () => `id: ${g.keyId('210987654321', 'AB' + 'IA')}`, expect: [{ rule: 'aws-access-key-id' }] },
      { name: 'ACCA credential id', text: () => `id: ${g.keyId('210987654321', 'AC' + 'CA')}`, expect: [{ rule: 'aws-access-key-id' }] },
      { name: 'documented example is an example', text: () => 'key = AKIAIOSFODNN7EXAMPLE', expect: [{ rule: 'aws-access-key-id', example: true }] },
    ],
    valid: [
      { name: 'key id inside a longer token', text: () => `x${g.keyId()}`, expect: [] },
      { name: 'key id followed by more id characters', text: () => `${g.keyId()}ABC`, expect: [] },
      { name: 'lowercase is not a key id', text: () => g.keyId().toLowerCase(), expect: [] },
      { name: 'digits 0,1,8,9 are not in the alphabet', text: () => g.AKIA + '0189' + g.rand(g.B32, 12), expect: [] },
    ],
  },
  'aws-unique-id': {
    invalid: [
      { name: 'role id is reported as info only', text: () => `"RoleId": "${g.keyId('123456789012', 'AR' + 'OA')}"`, expect: [{ rule: 'aws-unique-id', severity: 'info', account: '123456789012' }] },
    ],
    valid: [],
  },
  'aws-secret-access-key': {
    invalid: [
      { name: 'named secret in credentials file', text: () => `aws_secret_access_key = ${g.secretKey()}\n`, expect: [{ rule: 'aws-secret-access-key' }] },
      { name: 'SecretAccessKey in JSON', text: () => `{"SecretAccessKey": "${g.secretKey()}"}`, expect: [{ rule: 'aws-secret-access-key' }] },
      {
        name: 'bare secret beside a key id',
        text: () => `const creds = ["${g.keyId()}", "${g.secretKey()}"];`,
        expect: [{ rule: 'aws-access-key-id' }, { rule: 'aws-secret-access-key' }],
      },
      {
        name: 'documented example pair',
        text: () => 'AKIAIOSFODNN7EXAMPLE\nsecret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        expect: [{ rule: 'aws-access-key-id', example: true }, { rule: 'aws-secret-access-key', example: true }],
      },
    ],
    valid: [
      { name: 'bare 40 characters without a key id', text: () => `value: "${g.secretKey()}"`, expect: [] },
      { name: 'git object id beside a key id is not a secret', text: () => `${g.keyId()} ${g.rand('0123456789abcdef', 40)}`, expect: [{ rule: 'aws-access-key-id' }] },
    ],
  },
  'aws-session-token': {
    invalid: [
      { name: 'named session token', text: () => `aws_session_token = ${g.rand(g.B64, 200)}`, expect: [{ rule: 'aws-session-token' }] },
      { name: 'STS token by its prefix', text: () => `token: ${g.sessionToken()}`, expect: [{ rule: 'aws-session-token' }] },
      { name: 'documentation sample token is an example', text: () => `SessionToken: "AQoD${g.rand(g.B64, 20)}EXAMPLE${g.rand(g.B64, 150)}"`, expect: [{ rule: 'aws-session-token', example: true }] },
    ],
    valid: [
      { name: 'short value after the name', text: () => 'aws_session_token = abc', expect: [] },
    ],
  },
  'private-key': {
    invalid: [
      { name: 'RSA PEM', text: () => g.pem(), expect: [{ rule: 'private-key' }] },
      { name: 'OpenSSH', text: () => g.pem('OPENSSH PRIVATE KEY'), expect: [{ rule: 'private-key' }] },
      { name: 'PEM in a JSON string with \\n escapes', text: () => JSON.stringify({ key: g.pem('PRIVATE KEY') }), expect: [{ rule: 'private-key' }] },
    ],
    valid: [
      { name: 'placeholder body', text: () => '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', expect: [] },
      { name: 'public key', text: () => g.pem('PUBLIC KEY'), expect: [] },
    ],
  },
  'github-token': {
    invalid: [
      { name: 'classic PAT', text: () => `GITHUB_TOKEN=${g.githubPat()}`, expect: [{ rule: 'github-token' }] },
      { name: 'fine-grained PAT', text: () => `token: ${g.githubFineGrained()}`, expect: [{ rule: 'github-token' }] },
    ],
    valid: [{ name: 'too short', text: () => ['gh', 'p_'].join('') + 'abc123', expect: [] }],
  },
  'gitlab-token': {
    invalid: [{ name: 'personal access token', text: () => `export GL=${g.gitlabPat()}`, expect: [{ rule: 'gitlab-token' }] }],
    valid: [{ name: 'prefix alone', text: () => 'glpat-short', expect: [] }],
  },
  'slack-token': {
    invalid: [{ name: 'bot token', text: () => `slack: ${g.slackBot()}`, expect: [{ rule: 'slack-token' }] }],
    valid: [{ name: 'prose mentioning xoxb-', text: () => 'tokens start with xoxb- followed by digits', expect: [] }],
  },
  'slack-webhook': {
    invalid: [{ name: 'incoming webhook', text: () => `url = "${g.slackWebhook()}"`, expect: [{ rule: 'slack-webhook' }] }],
    valid: [{ name: 'slack docs link', text: () => 'see https://hooks.slack.com/ for details', expect: [] }],
  },
  'stripe-key': {
    invalid: [
      { name: 'live secret key', text: () => `STRIPE=${g.stripeLive()}`, expect: [{ rule: 'stripe-key', severity: 'critical' }] },
      { name: 'test key is medium', text: () => `STRIPE=${g.stripeTest()}`, expect: [{ rule: 'stripe-key', severity: 'medium' }] },
    ],
    valid: [{ name: 'publishable key is public', text: () => ['pk', '_live_'].join('') + g.rand(g.ALNUM, 24), expect: [] }],
  },
  'google-api-key': {
    invalid: [{ name: 'API key in JS', text: () => `const k = "${g.googleKey()}";`, expect: [{ rule: 'google-api-key' }] }],
    valid: [{ name: 'too short', text: () => 'AIza' + 'abc', expect: [] }],
  },
  'npm-token': {
    invalid: [
      { name: 'granular token', text: () => `//registry.npmjs.org/:_authToken=${g.npmToken()}`, expect: [{ rule: 'npm-token' }] },
      { name: 'legacy UUID token in .npmrc', text: () => `//registry.npmjs.org/:_authToken=${crypto.randomUUID()}`, expect: [{ rule: 'npm-token' }] },
    ],
    valid: [{ name: 'token from the environment', text: () => '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', expect: [] }],
  },
  'generic-secret': {
    invalid: [
      { name: 'password assignment', text: () => `db_password = "${g.mixed(g.ALNUM + '!@#', 18)}"`, expect: [{ rule: 'generic-secret' }] },
      { name: 'YAML client secret', text: () => `client_secret: ${g.mixed(g.ALNUM, 32)}`, expect: [{ rule: 'generic-secret' }] },
      { name: 'env API key', text: () => `EXAMPLE_API_KEY=${g.mixed(g.ALNUM, 24)}\n`, expect: [{ rule: 'generic-secret' }] },
    ],
    valid: [
      { name: 'UUID', text: () => `session_token = "${crypto.randomUUID()}"`, expect: [] },
      { name: 'git object id', text: () => `commit_token: ${g.rand('0123456789abcdef', 40)}`, expect: [] },
      { name: 'SRI hash in package-lock', text: () => `"integrity": "sha512-${g.rand(g.B64, 86)}=="`, expect: [] },
      { name: 'lockfile resolved hash under a token-ish name', text: () => `token: "sha512-${g.rand(g.B64, 86)}=="`, expect: [] },
      { name: 'environment reference', text: () => 'password: ${DB_PASSWORD}', expect: [] },
      { name: 'code, not a value', text: () => 'const token = this.session.token;', expect: [] },
      { name: 'property path with operators', text: () => 'sessionToken: c.SessionToken!, reuse = !!p.PasswordReusePrevention', expect: [] },
      { name: 'optional chaining', text: () => 'tokens: i.MetadataOptions?.HttpTokens', expect: [] },
      { name: 'command-line flag', text: () => 'password: --allow-users-to-change-password', expect: [] },
      { name: 'timestamp', text: () => '"passwordLastChanged": "2026-01-01T00:00:00Z"', expect: [] },
      { name: 'header and enum names', text: () => 'SECURITY_TOKEN = "X-Amz-Security-Token"; SecretType: "AWS::SecretsManager::Secret"; MYSQL_PASSWORD: "MYSQL_PASSWORD"', expect: [] },
      { name: 'identifiers with a digit', text: () => 'tokenizer = fts5_tokenizer_v2; SESSION_TOKEN: "X-Amz-S3session-Token"; secret: libsecret-1-0', expect: [] },
      { name: 'C assignment of a function name', text: () => 'pNew->x1.xTokenize = fts5V1toV2Tokenize;', expect: [] },
      { name: 'prose', text: () => 'token: "the token 4 you is not here"', expect: [] },
      { name: 'pagination cursor', text: () => `NextToken: "${g.mixed(g.B64, 60)}", ContinuationToken: "${g.mixed(g.B64, 60)}"`, expect: [] },
      { name: 'low entropy', text: () => 'password = "aaaaaaaaaaaa"', expect: [] },
      { name: 'placeholder', text: () => 'password = "changeme-please-123"', expect: [] },
      { name: 'hash-named value', text: () => `password_hash = "${g.mixed(g.ALNUM, 30)}"`, expect: [] },
    ],
  },
};

describe('detector rules', () => {
  it('every registered rule has true and false cases here', () => {
    for (const r of RULES) {
      assert.ok(cases[r.id], `no cases for ${r.id}`);
      assert.ok(cases[r.id]!.invalid.length > 0, `no true case for ${r.id}`);
    }
  });
  for (const [rule, { valid, invalid }] of Object.entries(cases)) {
    describe(rule, () => {
      for (const c of [...invalid, ...valid]) {
        it(c.name, () => {
          const text = c.text();
          const got = findSecrets(text, { includeInfo: true });
          assert.deepEqual(
            got.map((f) => f.rule),
            c.expect.map((e) => e.rule),
            `findings for ${JSON.stringify(text.slice(0, 120))}`,
          );
          c.expect.forEach((e, i) => {
            const f = got[i]!;
            assert.equal(f.example, e.example ?? false, 'example flag');
            if (e.severity) assert.equal(f.severity, e.severity);
            if (e.account) assert.equal(f.aws?.account, e.account);
            // The reported value is really in the text (what masking and allowing rely on).
            if (f.rule !== 'private-key') assert.equal(text.slice(f.index, f.index + f.value.length), f.value);
          });
        });
      }
    });
  }
});

describe('AWS key id decoding', () => {
  it('decodes the account from a new-generation id', () => {
    for (const account of ['123456789012', '000000000001', '999999999999', '609629065308']) {
      assert.equal(accountFromKeyId(g.keyId(account)), account);
      assert.equal(accountFromKeyId(g.keyId(account, g.ASIA)), account);
    }
  });
  it('reports no account for old-generation ids (fifth character A-P)', () => {
    assert.equal(accountFromKeyId('AKIAIOSFODNN7EXAMPLE'), undefined);
  });
  it('pairs a secret with the nearest key id', () => {
    const id = g.keyId();
    const f = findSecrets(`aws_access_key_id=${id}\naws_secret_access_key=${g.secretKey()}`);
    assert.equal(f.find((x) => x.rule === 'aws-secret-access-key')?.pairedKeyId, id);
  });
});

describe('findSecrets defaults', () => {
  it('leaves informational ids out unless asked, so cloud-side checks only see credentials', () => {
    const text = `role ${g.keyId('123456789012', 'AR' + 'OA')} key ${g.keyId()}`;
    assert.deepEqual(findSecrets(text).map((f) => f.rule), ['aws-access-key-id']);
    assert.deepEqual(findSecrets(text, { includeInfo: true }).map((f) => f.rule), ['aws-unique-id', 'aws-access-key-id']);
  });
  it('finds a secret key in a Lambda-style NAME=value string', () => {
    const f = findSecrets(`MY_AWS_SECRET_ACCESS_KEY=${g.secretKey()}`);
    assert.deepEqual(f.map((x) => [x.rule, x.index]), [['aws-secret-access-key', 25]]);
  });
});

describe('mask', () => {
  it('shows only the first and last four characters', () => {
    const s = g.secretKey();
    const m = mask(s);
    assert.equal(m.slice(0, 4), s.slice(0, 4));
    assert.equal(m.slice(-4), s.slice(-4));
    assert.ok(!m.includes(s.slice(4, 36)));
  });
  it('hides short values entirely', () => assert.equal(mask('hunter2'), '*******'));
});
