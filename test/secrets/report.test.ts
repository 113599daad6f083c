import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { scanSecrets } from '../../src/secrets/scan.js';
import { toJson, toSecretsSarif, toTerminal } from '../../src/secrets/report.js';
import * as g from './gen.js';

// The parts of the SARIF 2.1.0 schema GitHub code scanning insists on.
const SARIF_SCHEMA = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: { type: 'object', required: ['id', 'shortDescription'], properties: { id: { type: 'string' }, shortDescription: { type: 'object', required: ['text'] } } },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'message', 'locations'],
              properties: {
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
                locations: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['physicalLocation'],
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation', 'region'],
                        properties: {
                          artifactLocation: { type: 'object', required: ['uri'] },
                          region: { type: 'object', required: ['startLine'], properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } } },
                        },
                      },
                    },
                  },
                },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};

async function sample() {
  const secret = g.secretKey();
  const id = g.keyId('123456789012');
  const text = `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\nx = "${g.githubPat()}" # mamori:allow test\n`;
  return { secret, id, result: await scanSecrets({ mode: 'stdin', input: Buffer.from(text) }) };
}

describe('secrets reports', () => {
  it('SARIF is valid against the required structure, and never holds the secret', async () => {
    const { secret, result } = await sample();
    const sarif = toSecretsSarif(result) as any;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SARIF_SCHEMA);
    assert.ok(validate(structuredClone(sarif)), JSON.stringify(validate.errors));
    assert.deepEqual(sarif.runs[0].results.map((r: any) => r.ruleId), ['aws-access-key-id', 'aws-secret-access-key'], 'allowed findings are left out');
    const rules = sarif.runs[0].tool.driver.rules;
    for (const r of sarif.runs[0].results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
    assert.ok(!JSON.stringify(sarif).includes(secret));
  });

  it('JSON carries the contract fields', async () => {
    const { id, secret, result } = await sample();
    const json = toJson(result) as any;
    assert.equal(json.version, 1);
    assert.deepEqual(Object.keys(json.summary).sort(), ['allowed', 'bytes', 'durationMs', 'examples', 'failing', 'findings', 'mode', 'scanned', 'skipped', 'skippedExamples']);
    const [key, sec, gh] = json.findings;
    assert.deepEqual([key.rule, key.line, key.column, key.secret, key.aws.account, key.failing], ['aws-access-key-id', 1, 21, id, '123456789012', true]);
    assert.deepEqual([sec.rule, sec.pairedKeyId, sec.failing], ['aws-secret-access-key', id, true]);
    assert.deepEqual([gh.rule, gh.allowed.by, gh.failing], ['github-token', 'inline', false]);
    assert.match(key.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(!JSON.stringify(json).includes(secret));
  });

  it('terminal output strips control sequences from paths and authors', async () => {
    const r = await scanSecrets({ mode: 'stdin', input: Buffer.from(g.githubPat()) });
    r.findings[0]!.path = 'evil\u001b[2J\u001b]0;pwned\u0007.txt';
    r.findings[0]!.commit = { id: 'a'.repeat(40), author: 'Mal\u001b[31mlory', email: 'm@x', date: '2026-01-01T00:00:00Z' };
    const out = toTerminal(r);
    assert.ok(!out.includes('\u001b'), 'no escape sequence reaches the terminal');
    assert.match(out, /evil\.txt:1:1/);
    assert.match(out, /by Mallory/);
  });
});
