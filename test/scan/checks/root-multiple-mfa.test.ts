import { rootMultipleMfa } from '../../../src/scan/checks/iam/root-multiple-mfa.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const virtual = (n: number) => ({ serial: `arn:aws:iam::${ACCOUNT}:mfa/root-${n}`, userArn: ROOT });

checkTester(rootMultipleMfa, {
  valid: [
    {
      name: 'hardware-only root (count unknowable to a non-root caller) is MANUAL with steps',
      expect: [{ status: 'MANUAL', reason: /hardware or FIDO/, fix: /at least two devices/ }],
    },
    { name: 'two root virtual devices visible', setup: (s) => (s.iam.virtualMfaDevices = ok([virtual(1), virtual(2)])), expect: [{ status: 'PASS', reason: /2 virtual/ }] },
    {
      name: 'scan as root lists a FIDO key and a virtual device',
      setup: (s) => {
        s.account.callerArn = ROOT;
        s.iam.rootMfaDevices = ok([
          { serial: 'GAHT12345678', type: 'hardware' },
          { serial: virtual(1).serial, type: 'virtual' },
        ]);
      },
      expect: [{ status: 'PASS', reason: /2 MFA devices/ }],
    },
  ],
  invalid: [
    { name: 'no MFA on root', setup: (s) => (s.iam.summary = ok({ AccountMFAEnabled: 0 })), expect: [{ status: 'FAIL', fix: /second device/ }] },
    {
      name: 'scan as root finds exactly one device',
      setup: (s) => {
        s.account.callerArn = ROOT;
        s.iam.rootMfaDevices = ok([{ serial: 'GAHT12345678', type: 'hardware' }]);
      },
      expect: [{ status: 'FAIL', reason: /exactly one/ }],
    },
    {
      name: 'one root virtual device visible is MANUAL, not PASS',
      setup: (s) => (s.iam.virtualMfaDevices = ok([virtual(1)])),
      expect: [{ status: 'MANUAL', reason: /one virtual MFA device visible/ }],
    },
    { name: 'summary unreadable', setup: (s) => (s.iam.summary = denied('iam:GetAccountSummary')), expect: [{ status: 'NOT_ASSESSED', reason: /GetAccountSummary/ }] },
    {
      name: 'virtual device list unreadable',
      setup: (s) => (s.iam.virtualMfaDevices = denied('iam:ListVirtualMFADevices')),
      expect: [{ status: 'NOT_ASSESSED', reason: /ListVirtualMFADevices/ }],
    },
  ],
});
