import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collapseRegions } from '../../src/report/scan-terminal.js';
import type { Finding } from '../../src/scan/check.js';

const finding = (region: string, over: Partial<Finding> = {}): Finding => ({
  id: `id-${region}`,
  checkId: 'guardduty.enabled',
  status: 'FAIL',
  severity: 'high',
  account: '123456789012',
  region,
  resource: `arn:aws:guardduty:${region}:123456789012:detector`,
  title: 'GuardDuty is enabled in every region',
  reason: `GuardDuty has no detector in ${region}.`,
  fix: { cli: `aws guardduty create-detector --enable --region ${region}` },
  threat: 't',
  service: 'guardduty',
  ...over,
});

describe('terminal report: the same failure in many regions', () => {
  it('collapses into one row whose fix loops over the regions', () => {
    const rows = collapseRegions([finding('eu-west-1'), finding('us-east-1'), finding('sa-east-1')]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.findings.length, 3);
    assert.equal(rows[0]!.reason, 'GuardDuty has no detector in each region listed.');
    assert.equal(rows[0]!.cli, 'for r in eu-west-1 us-east-1 sa-east-1; do aws guardduty create-detector --enable --region $r; done');
  });

  it('keeps rows apart when the resource-specific text differs, and leaves single findings untouched', () => {
    const rows = collapseRegions([
      finding('eu-west-1', { reason: 'Group sg-1 is open.', fix: { cli: 'revoke sg-1 --region eu-west-1' } }),
      finding('us-east-1', { reason: 'Group sg-2 is open.', fix: { cli: 'revoke sg-2 --region us-east-1' } }),
    ]);
    assert.deepEqual(rows.map((r) => r.cli), ['revoke sg-1 --region eu-west-1', 'revoke sg-2 --region us-east-1']);
  });

  it('never merges global findings', () => {
    const g = (id: string) => finding('global', { id, reason: 'same', fix: { cli: 'same' } });
    assert.equal(collapseRegions([g('a'), g('b')]).length, 2);
  });
});
