import { fail, manual, notAssessed, pass, withRead, type Check } from '../../check.js';
import { rootArn } from '../../iam/credential-report.js';
import { ADD_ROOT_DEVICE, rootMfaView, VERIFY_ROOT_DEVICES } from './root-mfa-devices.js';

/**
 * The lost-phone problem: with a single MFA device, a broken or stolen phone
 * locks the owner out of root, and account recovery through AWS Support
 * takes days. AWS allows up to 8 devices per user, root included.
 */
export const rootMultipleMfa: Check = {
  meta: {
    id: 'iam.root-multiple-mfa',
    title: 'Root user has more than one MFA device',
    service: 'iam',
    severity: 'medium',
    threat:
      'With a single MFA device, losing or breaking it locks the owner out of root: no one can then close compromised keys, stop a runaway bill or change billing details until AWS Support completes identity recovery, which takes days.',
  },
  run({ snap }) {
    const resource = rootArn(snap);
    return withRead(snap.iam.summary, resource, 'global', (summary) => {
      if (summary.AccountMFAEnabled !== 1)
        return [fail(resource, 'global', 'Root has no MFA device, let alone a second one.', { console: `${ADD_ROOT_DEVICE} Then register a second device the same way.` })];
      const view = rootMfaView(snap);
      if (view.kind === 'unreadable') return [notAssessed(resource, 'global', view.error)];
      if (view.kind === 'exact') {
        if (view.devices.length >= 2) return [pass(resource, 'global', `Root has ${view.devices.length} MFA devices.`)];
        return [fail(resource, 'global', 'Root has exactly one MFA device (read as root with ListMFADevices): losing it locks root out.', { console: `${ADD_ROOT_DEVICE} Keep the second device somewhere other than the first (e.g. a safe).` })];
      }
      const visible = view.virtualSerials.length;
      if (visible >= 2) return [pass(resource, 'global', `Root has ${visible} virtual MFA devices registered.`)];
      return [
        manual(
          resource,
          'global',
          visible === 1
            ? 'Root has one virtual MFA device visible; any hardware or FIDO devices beside it are visible only to root, so this scan cannot count them.'
            : 'Root has MFA but no virtual device, so its devices are hardware or FIDO, which only root can list: this scan cannot tell whether there is more than one.',
          {
            console: `${VERIFY_ROOT_DEVICES} This check passes if the table lists at least two devices. If it lists one: ${ADD_ROOT_DEVICE} Keep the second device somewhere other than the first.`,
          },
        ),
      ];
    });
  },
};
