import { fail, pass, perRegion, type Check, regionalArn } from '../../check.js';
import { sh } from '../../../util/shell.js';

export const ec2EbsDefaultEncryption: Check = {
  meta: {
    id: 'ec2.ebs-default-encryption',
    title: 'EBS encryption by default is on in every region',
    service: 'ec2',
    severity: 'medium',
    threat:
      'Unencrypted volumes produce unencrypted snapshots, which can be shared publicly or with any account by one API call; encrypted ones cannot be used elsewhere without the KMS key.',
    cis: '5.1.1',
    pci: '3.5.1',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      snap.ec2.ebsEncryptionByDefault,
      (region) => regionalArn(snap, 'ec2', region, 'ebs-encryption-by-default'),
      (enabled, region, resource) => {
        if (enabled) return [pass(resource, region, 'New EBS volumes are encrypted by default.')];
        return [
          fail(resource, region, 'EBS encryption by default is off: new volumes and their snapshots may be unencrypted.', {
            cli: `aws ec2 enable-ebs-encryption-by-default --region ${sh(region)}`,
          }),
        ];
      },
    );
  },
};
