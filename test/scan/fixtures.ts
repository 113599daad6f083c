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

/** An account that does everything right; each service's defaults live here. */
export function hardened(): AccountSnapshot {
  const snap = emptySnapshot({ id: ACCOUNT, partition: 'aws', callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor` }, [...REGIONS], NOW);
  const perRegion = <T>(v: () => T) => Object.fromEntries(REGIONS.map((r) => [r, ok(v())]));
  snap.iam = {
    summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0, Users: 1 }),
    passwordPolicy: ok({
      MinimumPasswordLength: 16,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      PasswordReusePrevention: 24,
      AllowUsersToChangePassword: true,
    }),
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
  return snap;
}

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
