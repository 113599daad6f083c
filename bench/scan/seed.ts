/**
 * The benchmark account from the scan issue: 17 enabled regions, 200 users,
 * 50 roles, 100 buckets and 500 security groups. Built from the same seed
 * helpers as the tests, so the fake serves it exactly as it serves them.
 */
import { addCustomerPolicy, addManaged, addUser, key } from '../../test/fake/seeds.js';
import { emptyAccount, type FakeAccount } from '../../test/fake/state.js';
import { addBucket } from '../../test/fake/services/s3.js';
import { addInstance, addSecurityGroup } from '../../test/fake/services/ec2.js';
import { enableGuardDuty } from '../../test/fake/services/guardduty.js';
import { addCompliantTrail } from '../../test/fake/services/cloudtrail.js';
import { addBudget } from '../../test/fake/services/budgets.js';

export interface Scale {
  users: number;
  roles: number;
  buckets: number;
  securityGroups: number;
}
export const ISSUE_SCALE: Scale = { users: 200, roles: 50, buckets: 100, securityGroups: 500 };

const REGIONS = (a: FakeAccount) => [...a.regions.values()].filter((r) => r.optIn !== 'not-opted-in').map((r) => r.name).sort();

/** Buckets spread over the regions, security groups too (with a few open ones), detection as a careful team has it. */
export const SCALERS: ((a: FakeAccount, scale: Scale) => void)[] = [
  (a, scale) => {
    const regions = REGIONS(a);
    for (let i = 0; i < scale.buckets; i++) addBucket(a, { name: `bench-bucket-${i}`, region: regions[i % regions.length]!, ...(i % 25 === 0 ? { encryption: null } : {}) });
    for (let i = 0; i < scale.securityGroups; i++)
      addSecurityGroup(a, regions[i % regions.length]!, {
        id: `sg-${i.toString(16).padStart(17, '0')}`,
        name: `bench-sg-${i}`,
        ingress: [{ protocol: 'tcp', fromPort: i % 50 === 0 ? 22 : 443, toPort: i % 50 === 0 ? 22 : 443, cidr: '0.0.0.0/0' }],
      });
    regions.forEach((r, i) => addInstance(a, r, { id: `i-${i.toString(16).padStart(17, '0')}`, httpTokens: i % 2 ? 'required' : 'optional' }));
    enableGuardDuty(a);
    addCompliantTrail(a, 'us-east-1');
    addBudget(a, 'monthly');
  },
];

export function benchmarkAccount(scale: Scale = ISSUE_SCALE, id = '123456789012'): FakeAccount {
  const a = emptyAccount(id, 'auditor');
  const power = addManaged(a, 'PowerUserAccess');
  const readOnly = addManaged(a, 'ReadOnlyAccess');
  const deploy = addCustomerPolicy(a, 'deploy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 'lambda:UpdateFunctionCode'], Resource: '*' }] });
  for (let i = 0; i < scale.users; i++) {
    const tag = `u${i.toString(36)}`;
    addUser(a, `user-${i}`, {
      attached: [i % 10 === 0 ? power : i % 3 === 0 ? deploy : readOnly],
      keys: i % 2 === 0 ? [key(tag, 30 + (i % 400), i % 7 === 0 ? undefined : i % 60)] : [],
      ...(i % 4 === 0 ? { password: { changed: new Date(Date.now() - 100 * 86_400_000), lastUsed: new Date() } } : {}),
    });
  }
  for (let i = 0; i < scale.roles; i++)
    a.iam.roles.set(`role-${i}`, {
      name: `role-${i}`,
      id: `AROABENCH${String(i).padStart(11, '0')}`,
      path: '/',
      created: new Date('2024-01-01T00:00:00Z'),
      trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      attached: [i % 5 === 0 ? power : readOnly],
      inline: {},
    });
  for (const scaler of SCALERS) scaler(a, scale);
  return a;
}
