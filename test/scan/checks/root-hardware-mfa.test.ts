import { rootHardwareMfa } from '../../../src/scan/checks/iam/root-hardware-mfa.js';
import type { AccountSnapshot } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const rootVirtual = { serial: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, userArn: ROOT };
const asRoot = (s: AccountSnapshot, devices: NonNullable<AccountSnapshot['iam']['rootMfaDevices']>) => {
  s.account.callerArn = ROOT;
  s.iam.rootMfaDevices = devices;
};

checkTester(rootHardwareMfa, {
  valid: [
    { name: 'MFA on and no root virtual device visible: the device is hardware/FIDO', expect: [{ status: 'PASS', resource: ROOT, reason: /hardware or FIDO/ }] },
    {
      name: 'scan as root: several devices, one of them FIDO, passes (the Prowler false FAIL)',
      setup: (s) => {
        s.iam.virtualMfaDevices = ok([rootVirtual]);
        asRoot(s, ok([{ serial: rootVirtual.serial, type: 'virtual' }, { serial: `arn:aws:iam::${ACCOUNT}:u2f/root-account-mfa-device/ABC`, type: 'fido' }]));
      },
      expect: [{ status: 'PASS', reason: /1 hardware\/FIDO device\(s\) among 2/ }],
    },
    {
      name: 'scan as root: a hardware TOTP token passes',
      setup: (s) => asRoot(s, ok([{ serial: 'GAHT12345678', type: 'hardware' }])),
      expect: [{ status: 'PASS' }],
    },
    {
      name: 'non-root caller, root virtual device visible: MANUAL with the console steps, never FAIL (a hardware key may sit beside it)',
      setup: (s) => (s.iam.virtualMfaDevices = ok([rootVirtual, { serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, userArn: `arn:aws:iam::${ACCOUNT}:user/alice` }])),
      expect: [{ status: 'MANUAL', reason: /1 virtual MFA device\(s\) visible .*root-account-mfa-device/, fix: /Security credentials.*Passkey or security key/ }],
    },
    {
      name: 'as root but ListMFADevices failed: falls back to what any caller sees',
      setup: (s) => asRoot(s, denied('iam:ListMFADevices')),
      expect: [{ status: 'PASS', reason: /hardware or FIDO/ }],
    },
  ],
  invalid: [
    {
      name: 'no MFA on root at all',
      setup: (s) => (s.iam.summary = ok({ AccountMFAEnabled: 0 })),
      expect: [{ status: 'FAIL', resource: ROOT, fix: /Passkey or security key/ }],
    },
    {
      name: 'scan as root: only virtual devices fails',
      setup: (s) => {
        s.iam.virtualMfaDevices = ok([rootVirtual]);
        asRoot(s, ok([{ serial: rootVirtual.serial, type: 'virtual' }]));
      },
      expect: [{ status: 'FAIL', reason: /all virtual/ }],
    },
    {
      name: 'only a virtual device visible is never a PASS (the Prowler false PASS)',
      setup: (s) => (s.iam.virtualMfaDevices = ok([rootVirtual])),
      expect: [{ status: 'MANUAL' }],
    },
    {
      name: 'account summary unreadable is NOT_ASSESSED',
      setup: (s) => (s.iam.summary = denied('iam:GetAccountSummary')),
      expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on iam:GetAccountSummary/ }],
    },
    {
      name: 'virtual device list unreadable is NOT_ASSESSED, not an inferred PASS',
      setup: (s) => (s.iam.virtualMfaDevices = denied('iam:ListVirtualMFADevices')),
      expect: [{ status: 'NOT_ASSESSED', reason: /iam:ListVirtualMFADevices/ }],
    },
  ],
});
