import * as rds from '@aws-sdk/client-rds';
import { FakeError } from '../errors.js';
import type { FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';

/**
 * RDS snapshots per region, with the `restore` attribute that shares them:
 * account ids, or `all` for a public snapshot. Automated snapshots cannot be
 * shared, so only manual ones carry the attribute.
 */
export interface FakeDbSnapshot {
  id: string;
  source: string;
  type: 'manual' | 'automated';
  engine: string;
  restore: string[];
  created: Date;
}

export interface FakeRds {
  snapshots: Map<string, FakeDbSnapshot>;
  clusterSnapshots: Map<string, FakeDbSnapshot>;
}

const rdsRegion = (r: FakeRegion) => regional<FakeRds>(r, 'rds', () => ({ snapshots: new Map(), clusterSnapshots: new Map() }));

function regionOf(a: FakeAccount, region: string): FakeRds {
  const r = a.regions.get(region);
  if (!r) throw new Error(`fake: no region ${region}`);
  return rdsRegion(r);
}

// ---- seed helpers --------------------------------------------------------

type SnapshotSeed = { id: string; source?: string; type?: FakeDbSnapshot['type']; engine?: string; public?: boolean; sharedWith?: string[] };

function snapshotOf(s: SnapshotSeed, dflt: { source: string; engine: string }): FakeDbSnapshot {
  const type = s.type ?? 'manual';
  if (type === 'automated' && (s.public || s.sharedWith?.length)) throw new Error('fake: automated snapshots cannot be shared');
  return {
    id: s.id,
    source: s.source ?? dflt.source,
    type,
    engine: s.engine ?? dflt.engine,
    restore: [...(s.sharedWith ?? []), ...(s.public ? ['all'] : [])],
    created: new Date('2026-01-01T00:00:00Z'),
  };
}

export function addDbSnapshot(a: FakeAccount, region: string, s: SnapshotSeed): FakeDbSnapshot {
  const snap = snapshotOf(s, { source: 'db-1', engine: 'postgres' });
  regionOf(a, region).snapshots.set(snap.id, snap);
  return snap;
}

export function addDbClusterSnapshot(a: FakeAccount, region: string, s: SnapshotSeed): FakeDbSnapshot {
  const snap = snapshotOf(s, { source: 'cluster-1', engine: 'aurora-postgresql' });
  regionOf(a, region).clusterSnapshots.set(snap.id, snap);
  return snap;
}

// ---- handlers --------------------------------------------------------------

/** RDS's MaxRecords: default 100, allowed 20..100. */
function pageOf<T>(items: T[], input: { MaxRecords?: number; Marker?: string }) {
  if (input.MaxRecords !== undefined && (input.MaxRecords < 20 || input.MaxRecords > 100))
    throw new FakeError('InvalidParameterValue', 'Invalid value for MaxRecords. Must be between 20 and 100', 400);
  return paginate(items, input.Marker, input.MaxRecords, 100);
}

function byType(list: Iterable<FakeDbSnapshot>, type: string | undefined) {
  // `public` and `shared` list other accounts' snapshots, which the fake does not model.
  if (type === 'public' || type === 'shared') return [];
  return [...list].filter((s) => !type || s.type === type);
}

const arn = (region: string, account: string, kind: 'snapshot' | 'cluster-snapshot', id: string) => `arn:aws:rds:${region}:${account}:${kind}:${id}`;

export const rdsService: FakeService = {
  prefix: 'rds',
  client: rds.RDSClient,
  module: rds,
  handlers: {
    DescribeDBSnapshots(input, ctx) {
      const r = rdsRegion(ctx.regionState);
      let list = byType(r.snapshots.values(), input.SnapshotType);
      if (input.DBSnapshotIdentifier) list = list.filter((s) => s.id === input.DBSnapshotIdentifier);
      const { page, next } = pageOf(list, input);
      return {
        DBSnapshots: page.map((s) => ({
          DBSnapshotIdentifier: s.id,
          DBInstanceIdentifier: s.source,
          SnapshotType: s.type,
          Engine: s.engine,
          Status: 'available',
          SnapshotCreateTime: s.created,
          DBSnapshotArn: arn(ctx.region, ctx.account.id, 'snapshot', s.id),
        })),
        ...(next ? { Marker: next } : {}),
      };
    },
    DescribeDBSnapshotAttributes(input, ctx) {
      const s = rdsRegion(ctx.regionState).snapshots.get(input.DBSnapshotIdentifier);
      if (!s) throw new FakeError('DBSnapshotNotFound', `DBSnapshot ${input.DBSnapshotIdentifier} not found.`, 404);
      return {
        DBSnapshotAttributesResult: {
          DBSnapshotIdentifier: s.id,
          DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [...s.restore] }],
        },
      };
    },
    DescribeDBClusterSnapshots(input, ctx) {
      const r = rdsRegion(ctx.regionState);
      let list = byType(r.clusterSnapshots.values(), input.SnapshotType);
      if (input.DBClusterSnapshotIdentifier) list = list.filter((s) => s.id === input.DBClusterSnapshotIdentifier);
      const { page, next } = pageOf(list, input);
      return {
        DBClusterSnapshots: page.map((s) => ({
          DBClusterSnapshotIdentifier: s.id,
          DBClusterIdentifier: s.source,
          SnapshotType: s.type,
          Engine: s.engine,
          Status: 'available',
          SnapshotCreateTime: s.created,
          DBClusterSnapshotArn: arn(ctx.region, ctx.account.id, 'cluster-snapshot', s.id),
        })),
        ...(next ? { Marker: next } : {}),
      };
    },
    DescribeDBClusterSnapshotAttributes(input, ctx) {
      const s = rdsRegion(ctx.regionState).clusterSnapshots.get(input.DBClusterSnapshotIdentifier);
      if (!s) throw new FakeError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${input.DBClusterSnapshotIdentifier} not found.`, 404);
      return {
        DBClusterSnapshotAttributesResult: {
          DBClusterSnapshotIdentifier: s.id,
          DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [...s.restore] }],
        },
      };
    },
  },
};
