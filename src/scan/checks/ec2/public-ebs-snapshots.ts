import { fail, pass, perRegion, type Check } from '../../check.js';
import { sh } from '../../../util/shell.js';

export const ec2PublicEbsSnapshots: Check = {
  meta: {
    id: 'ec2.public-ebs-snapshots',
    title: 'No EBS snapshot is public',
    service: 'ec2',
    severity: 'critical',
    threat:
      'Anyone can create a volume from a public snapshot and read the disk: databases, SSH keys, .env files and access keys left on it. Public snapshots are scanned for continuously.',
    pci: '1.4.4',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      snap.ec2.publicSnapshots,
      (region) => `arn:${snap.account.partition}:ec2:${region}::snapshot/*`,
      (snaps, region) => {
        if (snaps.length === 0) return [pass(`arn:${snap.account.partition}:ec2:${region}::snapshot/*`, region, 'No snapshot of this account is restorable by everyone.')];
        return snaps.map((s) =>
          fail(s.arn, region, `Snapshot ${s.id} is restorable by all AWS accounts.`, {
            cli: `aws ec2 modify-snapshot-attribute --snapshot-id ${sh(s.id)} --attribute createVolumePermission --operation-type remove --group-names all --region ${sh(region)}`,
            console: 'Treat whatever was on the disk as disclosed: rotate any credential it held.',
          }),
        );
      },
    );
  },
};
