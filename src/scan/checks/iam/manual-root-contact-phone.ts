import { manual, type Check } from '../../check.js';

/** A number can be read (account:GetContactInformation); whether anyone answers it cannot. Manual, never a PASS. */
export const manualRootContactPhone: Check = {
  meta: {
    id: 'iam.manual-root-contact-phone',
    title: 'Account contact phone is current and reachable (manual)',
    service: 'iam',
    severity: 'medium',
    threat:
      'Recovering root after a lost MFA device requires answering a call to the account\'s contact phone, and AWS calls it about abuse from the account: a stale number turns a lost phone or a leaked key into days of lock-out and charges.',
    cis: '1.1',
  },
  run({ snap }) {
    const resource = `arn:${snap.account.partition}:account::${snap.account.id}:account`;
    return [
      manual(resource, 'global', 'Whether the contact phone reaches someone today cannot be checked through any API.', {
        cli: `aws account get-contact-information --query 'ContactInformation.[FullName,PhoneNumber]' --output text`,
        console:
          'Console → account name (top right) → Account → Contact information: confirm the phone number belongs to a line the account owner answers today (not a former employee\'s mobile), and Edit it if not. ' +
          'Check it again whenever the owner or their number changes.',
      }),
    ];
  },
};
