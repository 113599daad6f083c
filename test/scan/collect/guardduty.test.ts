import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectGuardDuty } from '../../../src/scan/collect/guardduty.js';
import type { GuardDutyFindingGroup, GuardDutyRegion } from '../../../src/scan/snapshot.js';
import { addCryptoMiningFinding, addFinding, enableGuardDuty, suspendGuardDuty } from '../../fake/services/guardduty.js';
import { newAccount, runCollector, value } from './detection-harness.js';

describe('collector guardduty', () => {
  it('reads detectors and their status per region', async () => {
    const a = newAccount();
    enableGuardDuty(a, ['us-east-1']);
    suspendGuardDuty(a, 'eu-west-1');
    const { snap } = await runCollector(collectGuardDuty, a, { regions: ['eu-west-1', 'us-east-1', 'us-west-2'] });
    assert.deepEqual(value<GuardDutyRegion>(snap.guardduty['us-east-1']).detectors.map((d) => d.status), ['ENABLED']);
    assert.deepEqual(value<GuardDutyRegion>(snap.guardduty['eu-west-1']).detectors.map((d) => d.status), ['DISABLED']);
    assert.deepEqual(value<GuardDutyRegion>(snap.guardduty['us-west-2']).detectors, []);
  });

  it('keeps only active findings of severity >= 7, grouped by type, across pages of ListFindings and batches of GetFindings', async () => {
    const a = newAccount();
    addCryptoMiningFinding(a, 'us-east-1', 73); // > 50: two ListFindings pages, two GetFindings batches
    addFinding(a, 'us-east-1', { type: 'CryptoCurrency:EC2/BitcoinTool.B', severity: 8.5 });
    addFinding(a, 'us-east-1', { type: 'Recon:EC2/PortProbeUnprotectedPort', severity: 2 });
    addFinding(a, 'us-east-1', { type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller', severity: 8, archived: true });
    const { snap, fake } = await runCollector(collectGuardDuty, a, { regions: ['us-east-1'] });
    const groups = value<GuardDutyFindingGroup[]>(value<GuardDutyRegion>(snap.guardduty['us-east-1']).highFindings);
    assert.deepEqual(groups.map((g) => [g.type, g.count, g.severity]), [['CryptoCurrency:EC2/BitcoinTool.B', 74, 8.5]]);
    assert.equal(fake.calls.get('guardduty:ListFindings'), 2);
    assert.equal(fake.calls.get('guardduty:GetFindings'), 2);
  });

  it('AccessDenied on ListDetectors in one region is a failed read there only', async () => {
    const a = newAccount();
    enableGuardDuty(a);
    const { snap } = await runCollector(collectGuardDuty, a, { faults: [{ api: 'guardduty:ListDetectors', region: 'eu-west-1', code: 'AccessDenied' }] });
    const r = snap.guardduty['eu-west-1']!;
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && [r.error.kind, r.error.api, r.error.region], ['access-denied', 'guardduty:ListDetectors', 'eu-west-1']);
    assert.equal(snap.guardduty['us-east-1']!.ok, true);
  });

  it('findings denied while detectors are readable keeps the detectors', async () => {
    const a = newAccount();
    addCryptoMiningFinding(a, 'us-east-1');
    const { snap } = await runCollector(collectGuardDuty, a, { regions: ['us-east-1'], faults: [{ api: 'guardduty:ListFindings', code: 'AccessDeniedException' }] });
    const gd = value<GuardDutyRegion>(snap.guardduty['us-east-1']);
    assert.equal(gd.detectors[0]!.status, 'ENABLED');
    assert.equal(gd.highFindings.ok, false);
    assert.equal(!gd.highFindings.ok && gd.highFindings.error.kind, 'access-denied');
  });

  it('a region that is not opted in is a failed read classified region-disabled', async () => {
    const a = newAccount();
    const { snap } = await runCollector(collectGuardDuty, a, { regions: ['af-south-1', 'us-east-1'] });
    const r = snap.guardduty['af-south-1']!;
    assert.equal(!r.ok && r.error.kind, 'region-disabled');
    assert.equal(snap.guardduty['us-east-1']!.ok, true);
  });
});
