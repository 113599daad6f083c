import { fail, pass, withRead, type Check, type Result } from '../../check.js';
import { sh } from '../../../util/shell.js';
import { accountResource, userRows } from '../../iam/credential-report.js';

export const userConsoleMfa: Check = {
  meta: {
    id: 'iam.user-console-mfa',
    title: 'IAM users with a console password have MFA',
    service: 'iam',
    severity: 'high',
    threat:
      'A console password alone falls to phishing, reuse from another breach or brute force (IAM has no lockout); with it an attacker can create access keys and act as the user from anywhere.',
    cis: '1.9',
    pci: '8.4.2',
  },
  run({ snap }) {
    return withRead(snap.iam.credentialReport, accountResource(snap), 'global', (report) => {
      // Root's row says password_enabled "not_supported": root is not a console user here (root-mfa-enabled covers it).
      const console = userRows(report).filter((r) => r.password_enabled === 'true');
      if (console.length === 0) return [pass(accountResource(snap), 'global', 'No IAM user has a console password.')];
      return console.map((r): Result => {
        if (r.mfa_active === 'true') return pass(r.arn, 'global', `${r.user} has a console password and MFA.`);
        const u = sh(r.user);
        const serial = `arn:${snap.account.partition}:iam::${snap.account.id}:mfa/${r.user}`;
        return fail(r.arn, 'global', `${r.user} can sign in to the console with a password alone: no MFA device is active.`, {
          cli: [
            `# If the user does not need the console, remove the password:`,
            `aws iam delete-login-profile --user-name ${u}`,
            `# Otherwise register a virtual MFA device (the user scans mfa-qr.png, then gives two consecutive codes):`,
            `aws iam create-virtual-mfa-device --virtual-mfa-device-name ${u} --outfile mfa-qr.png --bootstrap-method QRCodePNG`,
            `aws iam enable-mfa-device --user-name ${u} --serial-number ${sh(serial)} --authentication-code1 <code 1> --authentication-code2 <code 2>`,
          ].join('\n'),
          console: `IAM → Users → ${r.user} → Security credentials → Multi-factor authentication (MFA) → Assign MFA device (a FIDO security key or passkey resists phishing best). Enforce it with a policy that denies everything without aws:MultiFactorAuthPresent.`,
        });
      });
    });
  },
};
