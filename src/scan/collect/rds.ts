import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  type DescribeDBClusterSnapshotAttributesCommandOutput,
  type DescribeDBClusterSnapshotsCommandOutput,
  type DescribeDBSnapshotAttributesCommandOutput,
  type DescribeDBSnapshotsCommandOutput,
} from '@aws-sdk/client-rds';
import { AwsCallError } from '../../aws/errors.js';
import type { RdsSnapshotRef } from '../snapshot.js';
import { all, readPerRegion, type CollectContext } from './context.js';

/** RDS allows 20..100 records per page. */
const PAGE = 100;

const isPublic = (attrs: { AttributeName?: string; AttributeValues?: string[] }[] | undefined) =>
  (attrs ?? []).some((a) => a.AttributeName === 'restore' && (a.AttributeValues ?? []).includes('all'));

/**
 * RDS per region: manual DB and DB cluster snapshots whose `restore`
 * attribute includes `all`, i.e. anyone can copy the database. Only manual
 * snapshots can be shared, so automated ones are not listed. The listing
 * does not say who may restore, so each snapshot's attributes are read.
 */
/** A snapshot deleted between the listing and the attribute read is simply gone. */
async function unlessGone(fn: () => Promise<RdsSnapshotRef[]>): Promise<RdsSnapshotRef[]> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AwsCallError && err.failure.kind === 'not-found') return [];
    throw err;
  }
}

export async function collectRds(ctx: CollectContext): Promise<void> {
  const { aws, snap } = ctx;
  snap.rds.publicSnapshots = await readPerRegion(ctx, 'rds:DescribeDBSnapshots', async (region): Promise<RdsSnapshotRef[]> => {
    const [instances, clusters] = await Promise.all([
      all(
        aws.pages<DescribeDBSnapshotsCommandOutput>(RDSClient, region, (Marker) => new DescribeDBSnapshotsCommand({ SnapshotType: 'manual', MaxRecords: PAGE, Marker }), (o) => o.Marker),
        (o) => o.DBSnapshots,
      ),
      all(
        aws.pages<DescribeDBClusterSnapshotsCommandOutput>(
          RDSClient,
          region,
          (Marker) => new DescribeDBClusterSnapshotsCommand({ SnapshotType: 'manual', MaxRecords: PAGE, Marker }),
          (o) => o.Marker,
        ),
        (o) => o.DBClusterSnapshots,
      ),
    ]);
    const checked = await Promise.all([
      ...instances.map((s) => unlessGone(async () => {
        const out = await aws.send<DescribeDBSnapshotAttributesCommandOutput>(RDSClient, region, new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.DBSnapshotIdentifier }));
        return isPublic(out.DBSnapshotAttributesResult?.DBSnapshotAttributes) ? [{ id: s.DBSnapshotIdentifier!, arn: s.DBSnapshotArn!, cluster: false }] : [];
      })),
      ...clusters.map((s) => unlessGone(async () => {
        const out = await aws.send<DescribeDBClusterSnapshotAttributesCommandOutput>(
          RDSClient,
          region,
          new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: s.DBClusterSnapshotIdentifier }),
        );
        return isPublic(out.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes) ? [{ id: s.DBClusterSnapshotIdentifier!, arn: s.DBClusterSnapshotArn!, cluster: true }] : [];
      })),
    ]);
    return checked.flat();
  });
}
