import { manual, type Check } from '../../check.js';
import { rootArn } from '../../iam/credential-report.js';

/** Whether a TOTP secret also sits in a second authenticator cannot be seen from AWS: manual, never a PASS. */
export const manualRootTotpBackup: Check = {
  meta: {
    id: 'iam.manual-root-totp-backup',
    title: "Root's MFA survives losing one device (manual)",
    service: 'iam',
    severity: 'medium',
    threat:
      'If root\'s only authenticator is one phone, a lost or broken phone locks the owner out of root until AWS Support verifies identity, which takes days, while leaked keys keep running up the bill.',
  },
  run({ snap }) {
    return [
      manual(rootArn(snap), 'global', 'Not visible through any AWS API: confirm that root\'s second factor does not live on a single device.', {
        console:
          'Either (a) register a second MFA device to root: sign in as root → account name → Security credentials → Multi-factor authentication (MFA) → Assign MFA device (up to 8; a FIDO security key kept in a safe is ideal); ' +
          'or (b) keep root\'s TOTP secret in a second authenticator: the secret is shown only while a virtual device is being registered, so remove the device and assign it again, scanning the QR code (or typing the secret key) into both authenticators before entering the two codes. ' +
          'Verify: both authenticators show the same 6-digit code at the same moment, and the backup is stored apart from the primary.',
      }),
    ];
  },
};
