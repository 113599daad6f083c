/**
 * Seeded accounts for end-to-end tests, the benchmark and the bundled demo.
 * `vulnerableAccount` is the brief's incident waiting to happen; `hardenedAccount`
 * does everything the brief asks. Key ids end in EXAMPLE (AWS's documented
 * convention) so no scanner, ours included, mistakes them for real keys.
 */
import { awsManagedArn, PRIVILEGED_MANAGED, READ_ONLY_MANAGED } from '../../src/scan/iam/managed-policies.js';
import type { PolicyDocument } from '../../src/scan/snapshot.js';
import { STRONG_PASSWORD_POLICY } from '../scan/fixtures.js';
import { emptyAccount, newUser, type FakeAccount, type FakeKey, type FakeUser } from './state.js';
import { addBucket, ALL_BLOCKED, setAccountPublicAccessBlock } from './services/s3.js';
import { addInstance, addSecurityGroup, addSnapshot, setDefaultSecurityGroupRules, setEbsEncryptionByDefault } from './services/ec2.js';
import { addDbSnapshot } from './services/rds.js';
import { addLambda } from './services/lambda.js';
import { addCryptoMiningFinding, enableGuardDuty } from './services/guardduty.js';
import { addCompliantTrail, addTrail } from './services/cloudtrail.js';
import { addAlarm } from './services/cloudwatch.js';
import { addTopic, subscribe } from './services/sns.js';
import { addBudget } from './services/budgets.js';
import { setSecurityContact } from './services/account.js';
import { enableAccessAnalyzer } from './services/accessanalyzer.js';

export const DAY = 86_400_000;
export const ago = (days: number, from = Date.now()) => new Date(from - days * DAY);

export function exampleKeyId(tag: string): string {
  const body = tag.toUpperCase().replace(/[^A-Z2-7]/g, '').slice(0, 9).padEnd(9, 'X');
  return `AKIA${body}EXAMPLE`;
}

export function key(tag: string, createdDaysAgo: number, lastUsedDaysAgo?: number, status: FakeKey['status'] = 'Active'): FakeKey {
  return {
    id: exampleKeyId(tag),
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    status,
    created: ago(createdDaysAgo),
    ...(lastUsedDaysAgo === undefined ? {} : { lastUsed: { date: ago(lastUsedDaysAgo), region: 'us-east-1', service: 'ec2' } }),
  };
}

export function addUser(a: FakeAccount, name: string, over: Partial<FakeUser> = {}): FakeUser {
  const u = newUser(name, `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`, ago(500), over);
  a.iam.users.set(name, u);
  return u;
}

export function addManaged(a: FakeAccount, name: string): string {
  const arn = awsManagedArn(name);
  const document = PRIVILEGED_MANAGED[name]?.document ?? READ_ONLY_MANAGED[name];
  if (!document) throw new Error(`seed: unknown AWS managed policy ${name}`);
  a.iam.policies.set(arn, { arn, name, document, awsManaged: true });
  return arn;
}

export function addCustomerPolicy(a: FakeAccount, name: string, document: PolicyDocument): string {
  const arn = `arn:aws:iam::${a.id}:policy/${name}`;
  a.iam.policies.set(arn, { arn, name, document, awsManaged: false });
  return arn;
}

const trustService = (service: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/** IAM of the brief's victim: a PowerUser key, an admin without MFA, root in daily use. */
export function seedVulnerableIam(a: FakeAccount): void {
  const admin = addManaged(a, 'AdministratorAccess');
  const power = addManaged(a, 'PowerUserAccess');
  const readOnly = addManaged(a, 'ReadOnlyAccess');
  a.iam.root.mfa = [{ serial: `arn:aws:iam::${a.id}:mfa/root-phone`, type: 'virtual', enabled: ago(700) }];
  a.iam.root.keys = [key('rootkey', 900, 20)];
  a.iam.root.passwordLastUsed = ago(6);
  a.iam.groups.set('admins', { name: 'admins', id: 'AGPAADMINSEXAMPLE01', path: '/', attached: [admin], inline: {} });
  addUser(a, 'dev-poweruser', { attached: [power], keys: [key('devpower', 412, 3)] });
  addUser(a, 'ci-deploy', {
    keys: [key('cideploy1', 200, 1), key('cideploy2', 30, 2)],
    inline: {
      deploy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 's3:PutObject'], Resource: '*' },
        ],
      },
    },
  });
  addUser(a, 'alice', { groups: ['admins'], password: { changed: ago(300), lastUsed: ago(1) } });
  addUser(a, 'bob', { attached: [readOnly], password: { changed: ago(400), lastUsed: ago(100) }, mfa: [{ serial: `arn:aws:iam::${a.id}:mfa/bob`, type: 'virtual', enabled: ago(390) }] });
  addUser(a, 'legacy-backup', {
    keys: [key('legacybak', 800)],
    inline: { backup: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::backups/*' }] } },
  });
  const helper = addCustomerPolicy(a, 'ReadOnlyHelper', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  addUser(a, 'intern', { attached: [helper], keys: [key('intern', 60, 59)] });
  a.iam.roles.set('OrganizationAccountAccessRole', {
    name: 'OrganizationAccountAccessRole',
    id: 'AROAORGACCESSEXAMPLE',
    path: '/',
    created: ago(900),
    trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] },
    attached: [admin],
    inline: {},
  });
  a.iam.roles.set('AWSServiceRoleForSupport', {
    name: 'AWSServiceRoleForSupport',
    id: 'AROASUPPORTEXAMPLE01',
    path: '/aws-service-role/support.amazonaws.com/',
    created: ago(900),
    trust: trustService('support.amazonaws.com'),
    attached: [],
    inline: {},
  });
}

/** IAM done right: root with two FIDO keys and no access key, people in groups with MFA, no user keys. */
export function seedHardenedIam(a: FakeAccount): void {
  const readOnly = addManaged(a, 'ReadOnlyAccess');
  a.iam.root.mfa = [
    { serial: `arn:aws:iam::${a.id}:u2f/root/yubikey-1`, type: 'fido', enabled: ago(300) },
    { serial: `arn:aws:iam::${a.id}:u2f/root/yubikey-2`, type: 'fido', enabled: ago(300) },
  ];
  a.iam.passwordPolicy = { ...STRONG_PASSWORD_POLICY };
  a.iam.groups.set('readers', { name: 'readers', id: 'AGPAREADERSEXAMPLE01', path: '/', attached: [readOnly], inline: {} });
  addUser(a, 'alice', {
    groups: ['readers'],
    password: { changed: ago(20), lastUsed: ago(1) },
    mfa: [{ serial: `arn:aws:iam::${a.id}:mfa/alice`, type: 'virtual', enabled: ago(20) }],
  });
  a.iam.roles.set('deploy', {
    name: 'deploy',
    id: 'AROADEPLOYEXAMPLE001',
    path: '/',
    created: ago(100),
    trust: trustService('codebuild.amazonaws.com'),
    attached: [],
    inline: { deploy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::deploy-artifacts/*' }] } },
  });
}

/** Enabled regions in a fixed order, so ids the fake hands out are the same on every run. */
const enabledRegions = (a: FakeAccount) => [...a.regions.values()].filter((r) => r.optIn !== 'not-opted-in').map((r) => r.name).sort();

/**
 * A key that is not AWS's example and not in this repository: built at run
 * time, so a Lambda environment holds something the detector must treat as real.
 */
function generatedKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let body = '';
  for (let i = 0; i < 16; i++) body += alphabet[(i * 7 + 3) % 32];
  return ['AK', 'IA', body].join('');
}

function generatedSecret(): string {
  return ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYGENERATED1'].join('/');
}

/** Data and network of the victim: an open SSH port, IMDSv1, a public bucket and snapshots, a key in Lambda. */
export function seedVulnerableData(a: FakeAccount): void {
  for (const r of enabledRegions(a)) setEbsEncryptionByDefault(a, r, false);
  addSecurityGroup(a, 'eu-west-1', { id: 'sg-0a11ce55ba5eba11e', name: 'bastion', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }] });
  addSecurityGroup(a, 'us-east-1', { id: 'sg-0de7e10b0ba5eba11', name: 'dev-anything', ingress: [{ protocol: '-1', cidr: '0.0.0.0/0' }, { protocol: '-1', cidr: '::/0' }] });
  addInstance(a, 'us-east-1', { id: 'i-0feedfacecafe0001', name: 'legacy-web', type: 'm5.large' });
  addInstance(a, 'eu-west-1', { id: 'i-0feedfacecafe0002', name: 'bastion', type: 't3.micro', httpTokens: 'required' });
  addSnapshot(a, 'us-east-1', { id: 'snap-0feedface0000001', public: true });
  addDbSnapshot(a, 'eu-west-1', { id: 'customers-before-migration', public: true });
  addBucket(a, { name: 'acme-public-assets', region: 'us-east-1', noPublicAccessBlock: true, publicGrants: [{ grantee: 'AllUsers', permission: 'READ' }] });
  addBucket(a, { name: 'acme-backups', region: 'eu-west-1', encryption: null });
  addLambda(a, 'us-east-1', {
    name: 'report-mailer',
    env: { MAIL_FROM: 'reports@example.com', LEGACY_AWS_KEY_ID: generatedKeyId(), LEGACY_AWS_SECRET_ACCESS_KEY: generatedSecret() },
    url: 'NONE',
  });
}

/** Data and network done right in every region. */
export function seedHardenedData(a: FakeAccount): void {
  setAccountPublicAccessBlock(a, { ...ALL_BLOCKED });
  for (const r of enabledRegions(a)) {
    setEbsEncryptionByDefault(a, r, true);
    setDefaultSecurityGroupRules(a, r, { ingress: [], egress: [] });
  }
  addSecurityGroup(a, 'eu-west-1', { id: 'sg-0ba1a5ced0000001', name: 'web', ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }] });
  addInstance(a, 'eu-west-1', { id: 'i-0ba1a5ced0000001', name: 'web', httpTokens: 'required' });
  addBucket(a, { name: 'acme-private-data', region: 'eu-west-1', encryption: 'aws:kms' });
  addLambda(a, 'eu-west-1', { name: 'thumbnailer', env: { BUCKET: 'acme-private-data' }, url: 'AWS_IAM' });
}

/**
 * Detection of the victim, as in the brief: GuardDuty only where the team
 * works (and it has just seen the miner), a single-region trail without
 * validation, one alarm whose only subscription was never confirmed, no budget.
 */
export function seedVulnerableDetection(a: FakeAccount): void {
  enableGuardDuty(a, ['us-east-1', 'eu-west-1', 'ap-northeast-1']);
  addCryptoMiningFinding(a, 'us-east-1', 3);
  addTrail(a, 'us-east-1', { name: 'legacy-trail', multiRegion: false, logFileValidation: false });
  const topic = addTopic(a, 'us-east-1', 'ops-alerts');
  subscribe(a, topic, 'ops@example.com', false);
  addAlarm(a, 'us-east-1', { name: 'high-cpu', metricName: 'CPUUtilization', namespace: 'AWS/EC2', actions: [topic] });
}

/** Detection done right: GuardDuty and Access Analyzer everywhere, the CIS alarm chain, a budget, a security contact. */
export function seedHardenedDetection(a: FakeAccount): void {
  enableGuardDuty(a);
  enableAccessAnalyzer(a);
  addCompliantTrail(a, 'us-east-1');
  addBudget(a, 'monthly-cost', { amount: '100.0', email: 'billing@example.com' });
  setSecurityContact(a, { Name: 'Security team', EmailAddress: 'security@example.com', PhoneNumber: '+1-555-0100' });
}

/**
 * Hooks that later services add themselves to: each fills its part of the
 * vulnerable or hardened account.
 */
export const VULNERABLE_SEEDS: ((a: FakeAccount) => void)[] = [seedVulnerableIam, seedVulnerableData, seedVulnerableDetection];
export const HARDENED_SEEDS: ((a: FakeAccount) => void)[] = [seedHardenedIam, seedHardenedData, seedHardenedDetection];

export function vulnerableAccount(id = '123456789012'): FakeAccount {
  const a = emptyAccount(id, 'auditor');
  for (const seed of VULNERABLE_SEEDS) seed(a);
  return a;
}

export function hardenedAccount(id = '210987654321'): FakeAccount {
  const a = emptyAccount(id, 'auditor');
  for (const seed of HARDENED_SEEDS) seed(a);
  return a;
}
