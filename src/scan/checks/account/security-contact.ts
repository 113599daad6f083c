import { fail, pass, withRead, type Check } from '../../check.js';
import { accountResource } from '../cloudtrail/fixes.js';

export const accountSecurityContact: Check = {
  meta: {
    id: 'account.security-contact',
    title: 'A security alternate contact is registered',
    service: 'account',
    severity: 'medium',
    threat:
      'When AWS sees the account mining crypto or leaking a key in a public repository, it writes to the security contact. Without one the warning goes to the root email, which is often nobody\'s inbox.',
    cis: '1.2',
    pci: '12.10.1',
  },
  run({ snap }) {
    const resource = accountResource(snap);
    return withRead(snap.account_settings.securityContact, resource, 'global', (c) => {
      if (c?.email) return [pass(resource, 'global', 'A security contact with an email address is registered.')];
      return [
        fail(resource, 'global', c ? 'The security contact has no email address.' : 'No security alternate contact is set: AWS abuse and compromise notices go only to the root email.', {
          cli: "aws account put-alternate-contact --alternate-contact-type SECURITY --email-address security@example.com --name 'Security team' --title 'Security' --phone-number '+1-555-0100'",
          console: 'Use a distribution list read by more than one person, not an individual address. Account menu → Account → Alternate contacts → Security.',
        }),
      ];
    });
  },
};
