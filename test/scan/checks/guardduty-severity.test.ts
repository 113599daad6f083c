import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guardDutyHighFindings, severityOf } from '../../../src/scan/checks/guardduty/high-findings.js';
import { hardened, NOW, ok } from '../fixtures.js';

describe('guardduty.high-findings severity', () => {
  it('ranks account abuse above exposure', () => {
    assert.equal(severityOf('CryptoCurrency:EC2/BitcoinTool.B'), 'critical');
    assert.equal(severityOf('UnauthorizedAccess:IAMUser/MaliciousIPCaller'), 'critical');
    assert.equal(severityOf('Recon:EC2/PortProbeUnprotectedPort'), 'high');
  });
  it('carries the severity on the FAIL', () => {
    const snap = hardened();
    snap.guardduty['us-east-1'] = ok({ detectors: [{ id: 'd1', status: 'ENABLED' }], highFindings: ok([{ type: 'CryptoCurrency:EC2/BitcoinTool.B', severity: 8, count: 3, title: 't' }, { type: 'Recon:EC2/PortProbeUnprotectedPort', severity: 7, count: 1, title: 't' }]) });
    const fails = guardDutyHighFindings.run({ snap, now: NOW }).filter((r) => r.status === 'FAIL');
    assert.deepEqual(fails.map((f) => [f.details?.type, f.severity]), [['CryptoCurrency:EC2/BitcoinTool.B', 'critical'], ['Recon:EC2/PortProbeUnprotectedPort', 'high']]);
  });
});
