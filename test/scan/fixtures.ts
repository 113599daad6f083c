/**
 * Snapshots for check tests, in the spirit of ESLint's RuleTester: start from
 * a hardened account where every check passes, change one thing, and assert
 * what the check says about it.
 */
import type { AccountSnapshot, CredentialReportRow, Read } from '../../src/scan/snapshot.js';
import { emptySnapshot } from '../../src/scan/collect/index.js';

export const ACCOUNT = '123456789012';
export const NOW = new Date('2026-11-01T00:00:00Z');
export const REGIONS = ['eu-west-1', 'us-east-1'];

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const denied = (api: string, region = 'global'): Read<never> => ({
  ok: false,
  error: { api, region, kind: 'access-denied', code: 'AccessDenied', message: `not authorized to perform ${api}` },
});
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function reportRow(user: string, over: Partial<CredentialReportRow> = {}): CredentialReportRow {
  return {
    user,
    arn: user === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user_creation_time: daysAgo(400),
    password_enabled: user === '<root_account>' ? 'not_supported' : 'false',
    password_last_used: user === '<root_account>' ? daysAgo(200) : 'N/A',
    password_last_changed: user === '<root_account>' ? 'not_supported' : 'N/A',
    password_next_rotation: user === '<root_account>' ? 'not_supported' : 'N/A',
    mfa_active: 'true',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
    ...over,
  };
}

/** What CIS 1.7/1.8 ask for, and a little more: used by the hardened snapshot and the hardened fake account. */
export const STRONG_PASSWORD_POLICY = {
  MinimumPasswordLength: 16,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  PasswordReusePrevention: 24,
  AllowUsersToChangePassword: true,
};

/** An account that does everything right; each service's defaults live here. */
export function hardened(): AccountSnapshot {
  const snap = emptySnapshot({ id: ACCOUNT, partition: 'aws', callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor` }, [...REGIONS], NOW);
  const perRegion = <T>(v: () => T) => Object.fromEntries(REGIONS.map((r) => [r, ok(v())]));
  snap.iam = {
    summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0, Users: 1 }),
    passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY }),
    credentialReport: ok([
      reportRow('<root_account>'),
      reportRow('alice', { password_enabled: 'true', password_last_used: daysAgo(2), password_last_changed: daysAgo(30), mfa_active: 'true' }),
    ]),
    authorization: ok({
      users: [{ name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, groups: ['readers'], attached: [], inline: [] }],
      groups: [{ name: 'readers', arn: `arn:aws:iam::${ACCOUNT}:group/readers`, attached: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], inline: [] }],
      roles: [],
      policies: [],
    }),
    virtualMfaDevices: ok([{ serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, userArn: `arn:aws:iam::${ACCOUNT}:user/alice` }]),
    accessKeys: {},
  };
  // Root has two FIDO keys and no virtual device: MFA on, hardware, not visible to a non-root caller.
  snap.guardduty = perRegion(() => ({ detectors: [{ id: 'd1', status: 'ENABLED' }], highFindings: ok([]) }));
  detectionHardened(snap, perRegion);

  // Data and network: everything blocked, encrypted, private; one of each resource per region.
  const allBlocked = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  snap.s3 = {
    accountPublicAccessBlock: ok({ ...allBlocked }),
    buckets: ok([
      { name: 'app-assets', region: 'eu-west-1', publicAccessBlock: ok({ ...allBlocked }), policyPublic: ok(false), aclPublicGrants: ok([]), encryption: ok('aws:kms') },
    ]),
  };
  const byRegion = <T>(v: (region: string, i: number) => T) => Object.fromEntries(REGIONS.map((r, i) => [r, ok(v(r, i))]));
  const sgArn = (r: string, id: string) => `arn:aws:ec2:${r}:${ACCOUNT}:security-group/${id}`;
  snap.ec2 = {
    securityGroups: byRegion((r, i) => [
      { id: `sg-0000000000000d${i}`, name: 'default', vpcId: `vpc-00000000000000${i}`, arn: sgArn(r, `sg-0000000000000d${i}`), ingress: [], egress: [], egressRuleCount: 0 },
      {
        id: `sg-0000000000000w${i}`,
        name: 'web',
        vpcId: `vpc-00000000000000${i}`,
        arn: sgArn(r, `sg-0000000000000w${i}`),
        ingress: [
          { protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' },
          { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8' },
        ],
        egress: [{ protocol: '-1', cidr: '0.0.0.0/0' }],
        egressRuleCount: 1,
      },
    ]),
    instances: byRegion((r, i) => [
      { id: `i-00000000000000a${i}`, arn: `arn:aws:ec2:${r}:${ACCOUNT}:instance/i-00000000000000a${i}`, state: 'running', type: 't3.micro', httpTokens: 'required', httpEndpoint: 'enabled', name: 'app' },
    ]),
    ebsEncryptionByDefault: byRegion(() => true),
    publicSnapshots: byRegion(() => []),
  };
  snap.rds = { publicSnapshots: byRegion(() => []) };
  snap.lambda = {
    functions: byRegion((r) => [
      {
        name: 'api',
        arn: `arn:aws:lambda:${r}:${ACCOUNT}:function:api`,
        runtime: 'nodejs22.x',
        role: `arn:aws:iam::${ACCOUNT}:role/api-role`,
        envSecrets: [],
        envNames: ['TABLE_NAME'],
        urls: ok([{ url: `https://0123456789abcdef0123456789abcdef.lambda-url.${r}.on.aws/`, authType: 'AWS_IAM' }]),
      },
    ]),
  };
  return snap;
}

/** Changes one credential report row, adding it (from reportRow defaults) when the user is not there yet. */
export function setRow(snap: AccountSnapshot, user: string, over: Partial<CredentialReportRow>): void {
  if (!snap.iam.credentialReport.ok) throw new Error('setRow needs a readable credential report');
  const rows = snap.iam.credentialReport.value;
  const i = rows.findIndex((r) => r.user === user);
  if (i >= 0) rows[i] = { ...rows[i]!, ...over };
  else rows.push(reportRow(user, over));
}

/** ARN of a test user. */
export const userArn = (user: string) => `arn:aws:iam::${ACCOUNT}:user/${user}`;

/** AWS's documented example key ids: never real, never flagged by secret scanners. */
export const KEY_A = 'AKIAIOSFODNN7EXAMPLE';
export const KEY_B = 'AKIAI44QH8DHBEXAMPLE';

/** Log group, topic and metric names of the hardened account's monitoring chain. */
export const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
export const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail/main:*`;
export const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`;

/**
 * The CIS v5.0 section 4 filter patterns as an administrator would paste
 * them (spacing and quoting vary on purpose), with the metric each feeds.
 */
export const CIS_FILTERS: { key: string; pattern: string; metric: string }[] = [
  { key: 'unauthorized-api-calls', metric: 'UnauthorizedAPICalls', pattern: '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }' },
  { key: 'console-signin-without-mfa', metric: 'ConsoleSigninNoMFA', pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }' },
  { key: 'root-usage', metric: 'RootUsage', pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
  {
    key: 'iam-policy-changes',
    metric: 'IAMPolicyChanges',
    pattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
  },
  { key: 'cloudtrail-changes', metric: 'CloudTrailChanges', pattern: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }' },
  { key: 'console-auth-failures', metric: 'ConsoleAuthFailures', pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }' },
];

function detectionHardened(snap: AccountSnapshot, perRegion: <T>(v: () => T) => Record<string, Read<T>>) {
  snap.account_settings = { securityContact: ok({ name: 'Security team', email: 'security@example.com', phone: '+1-555-0100' }) };
  snap.billing = { budgets: ok([{ name: 'monthly', type: 'COST', limit: { amount: '50.0', unit: 'USD' }, notifications: [{ type: 'ACTUAL', threshold: 80, thresholdType: 'PERCENTAGE', subscribers: 1 }] }]) };
  snap.cloudtrail = {
    trails: ok([
      {
        name: 'main',
        arn: TRAIL_ARN,
        homeRegion: 'us-east-1',
        multiRegion: true,
        organizationTrail: false,
        logFileValidation: true,
        cloudWatchLogGroupArn: LOG_GROUP_ARN,
        s3BucketName: `aws-cloudtrail-logs-${ACCOUNT}-main`,
        status: ok({ isLogging: true }),
        managementEvents: ok({ read: true, write: true }),
      },
    ]),
  };
  snap.metricFilters = { [LOG_GROUP_ARN]: ok(CIS_FILTERS.map((f) => ({ name: f.key, pattern: f.pattern, metrics: [{ name: f.metric, namespace: 'CISBenchmark' }] }))) };
  snap.alarms = perRegion(() => []);
  snap.alarms['us-east-1'] = ok(
    CIS_FILTERS.map((f) => ({ name: `${f.metric}-alarm`, arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${f.metric}-alarm`, metricName: f.metric, namespace: 'CISBenchmark', actions: [TOPIC_ARN], actionsEnabled: true, threshold: 1 })),
  );
  snap.snsSubscriptions = { [TOPIC_ARN]: ok([{ protocol: 'email', confirmed: true }]) };
  snap.accessAnalyzer = perRegion(() => [{ name: 'ExternalAccess', type: 'ACCOUNT', status: 'ACTIVE' }]);
}
