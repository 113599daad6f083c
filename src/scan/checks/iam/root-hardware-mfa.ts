import { fail, manual, notAssessed, pass, withRead, type Check } from '../../check.js';
import { rootArn } from '../../iam/credential-report.js';
import { ADD_ROOT_DEVICE, isHardware, rootMfaView, VERIFY_ROOT_DEVICES } from './root-mfa-devices.js';

/**
 * Other scanners get this wrong both ways: they FAIL root with several
 * devices one of which is hardware, and PASS root with only a virtual device.
 * A non-root caller sees root's virtual devices but never its hardware ones,
 * so "MFA on + a virtual device" cannot be decided and is MANUAL.
 */
export const rootHardwareMfa: Check = {
  meta: {
    id: 'iam.root-hardware-mfa',
    title: 'Root user has a hardware or FIDO MFA device',
    service: 'iam',
    severity: 'high',
    threat:
      'A virtual MFA lives on a phone or laptop that can be phished, cloned, backed up to the cloud or stolen with it; a FIDO or hardware key cannot be copied and FIDO refuses look-alike phishing sites. Root cannot be restricted by policy, so its second factor is the last barrier to a full takeover.',
    cis: '1.5',
    pci: '8.4.1',
  },
  run({ snap }) {
    const resource = rootArn(snap);
    return withRead(snap.iam.summary, resource, 'global', (summary) => {
      if (summary.AccountMFAEnabled !== 1)
        return [fail(resource, 'global', 'Root has no MFA device at all, hardware or otherwise.', { console: ADD_ROOT_DEVICE })];
      const view = rootMfaView(snap);
      if (view.kind === 'unreadable') return [notAssessed(resource, 'global', view.error)];
      if (view.kind === 'exact') {
        const hw = view.devices.filter(isHardware);
        if (hw.length > 0)
          return [pass(resource, 'global', `Root has ${hw.length} hardware/FIDO device(s) among ${view.devices.length} MFA device(s).`, { devices: view.devices.map((d) => d.type) })];
        return [
          fail(resource, 'global', `Root's ${view.devices.length} MFA device(s) are all virtual (read as root with ListMFADevices).`, { console: ADD_ROOT_DEVICE }, { details: { devices: view.devices.map((d) => d.type) } }),
        ];
      }
      if (view.virtualSerials.length === 0)
        return [pass(resource, 'global', 'Root has MFA and no virtual device is registered to it, so its device(s) are hardware or FIDO (those are not listed to non-root callers).')];
      return [
        manual(
          resource,
          'global',
          `Root has ${view.virtualSerials.length} virtual MFA device(s) visible (${view.virtualSerials.join(', ')}); a hardware or FIDO device registered beside it is visible only to root, so this scan cannot tell whether one exists.`,
          {
            console: `${VERIFY_ROOT_DEVICES} This check passes if at least one device's Type is "Passkey or security key" or "Hardware TOTP token". If none is: ${ADD_ROOT_DEVICE} Or re-run the scan with root credentials to settle it automatically.`,
          },
        ),
      ];
    });
  },
};
