import { ec2EbsDefaultEncryption } from '../../../src/scan/checks/ec2/ebs-default-encryption.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

checkTester(ec2EbsDefaultEncryption, {
  valid: [{ name: 'on in every region', expect: [{ status: 'PASS', region: 'eu-west-1' }, { status: 'PASS', region: 'us-east-1' }] }],
  invalid: [
    {
      name: 'off in one region gives one FAIL there',
      setup: (s) => (s.ec2.ebsEncryptionByDefault['us-east-1'] = ok(false)),
      expect: [
        { status: 'FAIL', region: 'us-east-1', resource: 'arn:aws:ec2:us-east-1:123456789012:ebs-encryption-by-default', fix: /^aws ec2 enable-ebs-encryption-by-default --region us-east-1$/m },
        { status: 'PASS', region: 'eu-west-1' },
      ],
    },
    {
      name: 'unreadable region is NOT_ASSESSED',
      setup: (s) => (s.ec2.ebsEncryptionByDefault['eu-west-1'] = denied('ec2:GetEbsEncryptionByDefault', 'eu-west-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1', reason: /ec2:GetEbsEncryptionByDefault/ }],
    },
  ],
});
