/**
 * The fake's state for one account: what AWS would hold. Handlers read and
 * change it; seeds build it. Regional services keep their state per region,
 * as AWS does (a GuardDuty detector in us-east-1 says nothing of eu-west-1).
 */
import type { PolicyDocument } from '../../src/scan/snapshot.js';

export interface FakeKey {
  id: string;
  secret: string;
  status: 'Active' | 'Inactive';
  created: Date;
  lastUsed?: { date: Date; region: string; service: string };
}

export interface FakeMfa {
  serial: string;
  type: 'virtual' | 'hardware' | 'fido';
  enabled: Date;
}

export interface FakeUser {
  name: string;
  id: string;
  path: string;
  created: Date;
  password?: { changed: Date; lastUsed?: Date };
  mfa: FakeMfa[];
  keys: FakeKey[];
  certs: { active: boolean; uploaded: Date }[];
  groups: string[];
  attached: string[];
  inline: Record<string, PolicyDocument>;
  permissionsBoundary?: string;
  tags?: Record<string, string>;
}

export interface FakeRole {
  name: string;
  id: string;
  path: string;
  created: Date;
  trust: PolicyDocument;
  attached: string[];
  inline: Record<string, PolicyDocument>;
}

export interface FakeGroup {
  name: string;
  id: string;
  path: string;
  attached: string[];
  inline: Record<string, PolicyDocument>;
}

export interface FakePolicy {
  arn: string;
  name: string;
  document: PolicyDocument;
  awsManaged: boolean;
}

export interface FakeIam {
  root: {
    mfa: FakeMfa[];
    keys: FakeKey[];
    certs: { active: boolean; uploaded: Date }[];
    passwordLastUsed?: Date;
    created: Date;
  };
  users: Map<string, FakeUser>;
  groups: Map<string, FakeGroup>;
  roles: Map<string, FakeRole>;
  policies: Map<string, FakePolicy>;
  passwordPolicy?: Record<string, number | boolean>;
  /** Credential report lifecycle: absent → STARTED → COMPLETE (stale after 4 hours). */
  report?: { generatedAt: Date; pollsUntilReady: number; csv?: string };
}

/** Per-region state. Services added by later work hang their state here. */
export interface FakeRegion {
  name: string;
  optIn: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
  [service: string]: unknown;
}

export interface FakeAccount {
  id: string;
  /** Name the account's callers see in ARNs (arn:aws:iam::<id>:user/<callerName>). */
  callerArn: string;
  iam: FakeIam;
  regions: Map<string, FakeRegion>;
  /** Account-wide (non-regional) state of other services. */
  global: Record<string, unknown>;
}

export const ALL_REGIONS: [string, FakeRegion['optIn']][] = [
  ['us-east-1', 'opt-in-not-required'],
  ['us-east-2', 'opt-in-not-required'],
  ['us-west-1', 'opt-in-not-required'],
  ['us-west-2', 'opt-in-not-required'],
  ['ca-central-1', 'opt-in-not-required'],
  ['eu-west-1', 'opt-in-not-required'],
  ['eu-west-2', 'opt-in-not-required'],
  ['eu-west-3', 'opt-in-not-required'],
  ['eu-central-1', 'opt-in-not-required'],
  ['eu-north-1', 'opt-in-not-required'],
  ['ap-northeast-1', 'opt-in-not-required'],
  ['ap-northeast-2', 'opt-in-not-required'],
  ['ap-northeast-3', 'opt-in-not-required'],
  ['ap-southeast-1', 'opt-in-not-required'],
  ['ap-southeast-2', 'opt-in-not-required'],
  ['ap-south-1', 'opt-in-not-required'],
  ['sa-east-1', 'opt-in-not-required'],
  ['af-south-1', 'not-opted-in'],
  ['ap-east-1', 'not-opted-in'],
  ['me-south-1', 'not-opted-in'],
  ['eu-south-1', 'not-opted-in'],
];

/** A user with no credentials, groups or policies yet: what IAM's CreateUser makes. */
export function newUser(name: string, id: string, created: Date, over: Partial<FakeUser> = {}): FakeUser {
  return { name, id, path: '/', created, mfa: [], keys: [], certs: [], groups: [], attached: [], inline: {}, ...over };
}

export function emptyAccount(id: string, callerName = 'scanner'): FakeAccount {
  return {
    id,
    callerArn: `arn:aws:iam::${id}:user/${callerName}`,
    iam: {
      root: { mfa: [], keys: [], certs: [], created: new Date('2019-04-01T00:00:00Z') },
      users: new Map(),
      groups: new Map(),
      roles: new Map(),
      policies: new Map(),
    },
    regions: new Map(ALL_REGIONS.map(([name, optIn]) => [name, { name, optIn }])),
    global: {},
  };
}

/** The region's state for a service, created empty on first use. */
export function regional<T>(region: FakeRegion, service: string, init: () => T): T {
  if (!(service in region)) region[service] = init();
  return region[service] as T;
}
export function accountWide<T>(account: FakeAccount, service: string, init: () => T): T {
  if (!(service in account.global)) account.global[service] = init();
  return account.global[service] as T;
}
