import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, ConfigError } from '../../src/config/file.js';
import { applySuppressions, parseSuppressions } from '../../src/scan/suppress.js';
import type { Finding } from '../../src/scan/check.js';
import { hardened, ok } from './fixtures.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const parse = (yaml: string) => parseSuppressions(parseConfig(yaml, '.mamori.yml'), NOW);

function finding(over: Partial<Finding>): Finding {
  return {
    id: '0000000000000000', checkId: 'iam.user-mfa', status: 'FAIL', severity: 'high', account: '123456789012', region: 'global',
    resource: 'arn:aws:iam::123456789012:user/alice', title: 't', reason: 'no MFA', fix: {}, threat: 'x', service: 'iam', ...over,
  };
}

describe('suppressions', () => {
  it('combines conditions with AND inside an entry', () => {
    const set = parse(`
scan:
  suppress:
    - check: iam.user-mfa
      account: "123456789012"
      resource: "arn:aws:iam::*:user/break-glass-*"
      reason: break-glass users keep a hardware token in the safe
`);
    const [hit, wrongResource, wrongAccount] = applySuppressions(
      [
        finding({ resource: 'arn:aws:iam::123456789012:user/break-glass-1' }),
        finding({}),
        finding({ account: '210987654321', resource: 'arn:aws:iam::210987654321:user/break-glass-1' }),
      ],
      undefined,
      set,
    );
    assert.equal(hit!.status, 'SUPPRESSED');
    assert.deepEqual(hit!.suppression, { reason: 'break-glass users keep a hardware token in the safe', source: '.mamori.yml:4', status: 'FAIL' });
    assert.equal(hit!.reason, 'no MFA', 'the finding keeps what was found');
    assert.equal(wrongResource!.status, 'FAIL');
    assert.equal(wrongAccount!.status, 'FAIL');
  });

  it('combines entries with OR, and never touches PASS or NOT_ASSESSED', () => {
    const set = parse(`
scan:
  suppress:
    - check: "ec2.*"
      region: eu-west-1
      reason: sandbox region
    - check: iam.user-mfa
      reason: SSO enforces MFA
`);
    const out = applySuppressions(
      [
        finding({ checkId: 'ec2.open-ssh', region: 'eu-west-1' }),
        finding({ checkId: 'ec2.open-ssh', region: 'us-east-1' }),
        finding({}),
        finding({ status: 'PASS' }),
        finding({ status: 'NOT_ASSESSED' }),
        finding({ status: 'MANUAL' }),
      ],
      undefined,
      set,
    );
    assert.deepEqual(out.map((f) => f.status), ['SUPPRESSED', 'FAIL', 'SUPPRESSED', 'PASS', 'NOT_ASSESSED', 'SUPPRESSED']);
    assert.equal(out[0]!.suppression!.reason, 'sandbox region');
    assert.equal(out[2]!.suppression!.reason, 'SSO enforces MFA');
  });

  it('matches on the resource tags found in the snapshot', () => {
    const snap = hardened();
    const auth = snap.iam.authorization;
    assert.ok(auth.ok);
    auth.value.users.push({ name: 'bot', arn: 'arn:aws:iam::123456789012:user/bot', groups: [], attached: [], inline: [], tags: { owner: 'platform-team', env: 'dev' } });
    snap.iam.authorization = ok(auth.value);
    const set = parse(`
scan:
  suppress:
    - tags: { owner: "platform-*", env: dev }
      reason: owned by platform, dev only
    - tags: { owner: platform-team, env: prod }
      reason: never matches the bot
`);
    const [bot, alice] = applySuppressions([finding({ resource: 'arn:aws:iam::123456789012:user/bot' }), finding({})], snap, set);
    assert.equal(bot!.status, 'SUPPRESSED');
    assert.equal(bot!.suppression!.reason, 'owned by platform, dev only');
    assert.equal(alice!.status, 'FAIL', 'a resource without tags never matches a tag condition');
  });

  it('reports expired entries and stops applying them; the expiry day itself still applies', () => {
    const set = parse(`
scan:
  suppress:
    - check: iam.user-mfa
      reason: waiting for the new tokens
      expires: 2026-11-21
    - check: iam.root-mfa-enabled
      reason: until the end of today
      expires: 2026-11-22
`);
    assert.deepEqual(set.expired.map((s) => [s.source, s.expires]), [['.mamori.yml:4', '2026-11-21']]);
    assert.deepEqual(set.active.map((s) => s.check), ['iam.root-mfa-enabled']);
    assert.equal(applySuppressions([finding({})], undefined, set)[0]!.status, 'FAIL');
  });

  it('rejects a bad config, naming the line of every mistake', () => {
    const bad = `scan:
  suppress:
    - check: iam.user-mfa
    - account: 123456789012
      reason: numbers lose leading zeros
    - check: iam.user-mfa
      reason: typo
      expire: 2027-01-01
    - reason: matches everything
    - check: iam.user-mfa
      reason: bad date
      expires: next week
`;
    assert.throws(() => parse(bad), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      const lines = e.message.split('\n');
      assert.deepEqual(lines.map((l) => l.split(': ')[0]), ['.mamori.yml:3', '.mamori.yml:4', '.mamori.yml:8', '.mamori.yml:9', '.mamori.yml:12']);
      assert.match(lines[0]!, /needs a "reason"/);
      assert.match(lines[1]!, /quote the account id/);
      assert.match(lines[2]!, /unknown field "expire"/);
      assert.match(lines[3]!, /matches nothing/);
      assert.match(lines[4]!, /YYYY-MM-DD/);
      return true;
    });
    assert.throws(() => parse('scan:\n  suppress: [\n'), /\.mamori\.yml:\d+: /);
    assert.throws(() => parse('scan:\n  suppres:\n    - check: x\n'), /\.mamori\.yml:2: unknown setting "scan.suppres"/);
  });

  it('ignores other sections (secrets: belongs to the secret scanner)', () => {
    const set = parse('secrets:\n  allow: ["x"]\n');
    assert.deepEqual(set, { active: [], expired: [] });
  });
});
