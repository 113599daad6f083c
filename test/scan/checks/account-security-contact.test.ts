import { accountSecurityContact } from '../../../src/scan/checks/account/security-contact.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

checkTester(accountSecurityContact, {
  valid: [{ name: 'security contact set', expect: [{ status: 'PASS', resource: 'AWS::::Account:123456789012' }] }],
  invalid: [
    {
      name: 'not set (ResourceNotFoundException collected as null)',
      setup: (s) => (s.account_settings.securityContact = ok(null)),
      expect: [{ status: 'FAIL', reason: /No security alternate contact/, fix: /aws account put-alternate-contact --alternate-contact-type SECURITY --email-address/ }],
    },
    { name: 'set without an email', setup: (s) => (s.account_settings.securityContact = ok({ name: 'Bob' })), expect: [{ status: 'FAIL', reason: /no email/ }] },
    {
      name: 'GetAlternateContact denied',
      setup: (s) => (s.account_settings.securityContact = denied('account:GetAlternateContact')),
      expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on account:GetAlternateContact/ }],
    },
  ],
});
