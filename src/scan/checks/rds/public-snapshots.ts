import { fail, pass, perRegion, type Check, regionalArn } from '../../check.js';
import { sh } from '../../../util/shell.js';

export const rdsPublicSnapshots: Check = {
  meta: {
    id: 'rds.public-snapshots',
    title: 'No RDS snapshot is public',
    service: 'rds',
    severity: 'critical',
    threat: 'Any AWS account can restore a public DB snapshot into its own database and read every table — customer data, password hashes, tokens.',
    pci: '1.4.4',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      snap.rds.publicSnapshots,
      (region) => regionalArn(snap, 'rds', region, 'snapshot:*'),
      (snaps, region, resource) => {
        if (snaps.length === 0) return [pass(resource, region, 'No manual DB or cluster snapshot is shared with all.')];
        return snaps.map((s) =>
          fail(s.arn, region, `${s.cluster ? 'Cluster snapshot' : 'DB snapshot'} ${s.id} can be restored by any AWS account.`, {
            cli: s.cluster
              ? `aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier ${sh(s.id)} --attribute-name restore --values-to-remove all --region ${sh(region)}`
              : `aws rds modify-db-snapshot-attribute --db-snapshot-identifier ${sh(s.id)} --attribute-name restore --values-to-remove all --region ${sh(region)}`,
            console: 'Treat the data as disclosed: rotate database credentials and application secrets stored in it.',
          }),
        );
      },
    );
  },
};
