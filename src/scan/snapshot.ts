/**
 * The normalized, versioned account snapshot. Collectors build it from AWS
 * APIs; checks are pure functions over it; `--snapshot-out/--snapshot-in`
 * save and re-evaluate it offline, and the demo is one of these on disk.
 *
 * Every piece of data is wrapped in `Read<T>`: either the value, or the
 * classified failure that stopped us reading it. A check that meets a failed
 * read reports NOT_ASSESSED with that reason — it can never pass.
 *
 * Secret values never enter a snapshot: collectors run the secret detector
 * where values are read (Lambda environment variables) and keep only masked
 * matches, so a saved snapshot is safe to share.
 */
import type { AwsFailure } from '../aws/errors.js';

export const SNAPSHOT_SCHEMA = 'mamori.snapshot/v1';

export type Read<T> = { ok: true; value: T } | { ok: false; error: AwsFailure };
/** Per enabled region. A region missing from the map was not collected. */
export type PerRegion<T> = Record<string, Read<T>>;

export interface AccountSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  /** True only for the bundled demo account; every output labels it DEMO. */
  demo: boolean;
  /** Time of collection. Ages ("key 412 days old") are computed against it, so re-evaluation is reproducible. */
  collectedAt: string;
  tool: string;
  account: { id: string; partition: string; callerArn: string };
  /** Enabled regions that were scanned. */
  regions: string[];
  skippedRegions: { region: string; reason: string }[];
  iam: IamData;
  account_settings: { securityContact: Read<AlternateContact | null> };
  billing: { budgets: Read<Budget[]> };
  guardduty: PerRegion<GuardDutyRegion>;
  cloudtrail: {
    /** Every trail once (deduplicated by ARN), from the regions that could be read. */
    trails: Read<Trail[]>;
    /** Regions whose DescribeTrails failed: single-region trails homed there are missing from `trails`. */
    unreadRegions?: AwsFailure[];
  };
  /** Metric filters per CloudWatch Logs log group ARN that a trail delivers to. */
  metricFilters: Record<string, Read<MetricFilter[]>>;
  alarms: PerRegion<MetricAlarm[]>;
  /** Subscriptions per SNS topic ARN used as an alarm action. */
  snsSubscriptions: Record<string, Read<SnsSubscription[]>>;
  accessAnalyzer: PerRegion<Analyzer[]>;
  s3: { accountPublicAccessBlock: Read<PublicAccessBlock | null>; buckets: Read<Bucket[]> };
  ec2: {
    securityGroups: PerRegion<SecurityGroup[]>;
    instances: PerRegion<Instance[]>;
    ebsEncryptionByDefault: PerRegion<boolean>;
    /** EBS snapshots of this account restorable by everyone (createVolumePermission group `all`). */
    publicSnapshots: PerRegion<{ id: string; arn: string }[]>;
  };
  /** Manual DB and DB cluster snapshots whose `restore` attribute includes `all`. */
  rds: { publicSnapshots: PerRegion<RdsSnapshotRef[]> };
  lambda: { functions: PerRegion<LambdaFunction[]> };
}

// ---- IAM -----------------------------------------------------------------

export interface IamData {
  /** GetAccountSummary: AccountMFAEnabled, AccountAccessKeysPresent, AccountSigningCertificatesPresent... */
  summary: Read<Record<string, number>>;
  /** null when the account has no custom policy (NoSuchEntity). */
  passwordPolicy: Read<PasswordPolicy | null>;
  credentialReport: Read<CredentialReportRow[]>;
  authorization: Read<Authorization>;
  /** ListVirtualMFADevices (Assigned). Root's virtual devices show here with a user ARN ending in `:root`. */
  virtualMfaDevices: Read<{ serial: string; userArn?: string; enableDate?: string }[]>;
  /**
   * Root's own MFA devices with types. Only readable when the scan runs as
   * root (ListMFADevices of the caller); otherwise absent, because hardware
   * and FIDO devices of root are not listed to anyone else.
   */
  rootMfaDevices?: Read<MfaDevice[]>;
  /** Access keys of users whose credential report shows an active key. */
  accessKeys: Record<string, Read<AccessKey[]>>;
}

export interface PasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
  AllowUsersToChangePassword?: boolean;
}

/** One row of the IAM credential report; values as AWS writes them (ISO dates, N/A, no_information...). */
export interface CredentialReportRow {
  user: string;
  arn: string;
  user_creation_time: string;
  password_enabled: string;
  password_last_used: string;
  password_last_changed: string;
  password_next_rotation: string;
  mfa_active: string;
  access_key_1_active: string;
  access_key_1_last_rotated: string;
  access_key_1_last_used_date: string;
  access_key_1_last_used_region: string;
  access_key_1_last_used_service: string;
  access_key_2_active: string;
  access_key_2_last_rotated: string;
  access_key_2_last_used_date: string;
  access_key_2_last_used_region: string;
  access_key_2_last_used_service: string;
  cert_1_active: string;
  cert_1_last_rotated: string;
  cert_2_active: string;
  cert_2_last_rotated: string;
}

export interface MfaDevice {
  serial: string;
  type: 'virtual' | 'hardware' | 'fido';
  enableDate?: string;
}

export interface AccessKey {
  id: string;
  status: 'Active' | 'Inactive' | string;
  created?: string;
  /** Not collected by the scan (the credential report has it per slot); kept for snapshots that carry it. */
  lastUsed?: string;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny' | string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}
export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface IamUser {
  name: string;
  arn: string;
  createDate?: string;
  groups: string[];
  attached: AttachedPolicy[];
  inline: InlinePolicy[];
  /** ARN of the permissions boundary, which caps what the user's policies grant. */
  permissionsBoundary?: string;
  tags?: Record<string, string>;
}
export interface IamGroup {
  name: string;
  arn: string;
  attached: AttachedPolicy[];
  inline: InlinePolicy[];
}
export interface IamRole {
  name: string;
  arn: string;
  attached: AttachedPolicy[];
  inline: InlinePolicy[];
  trustPolicy?: PolicyDocument;
  /** Roles AWS creates and manages (service-linked) are reported but not ranked as risky. */
  serviceLinked: boolean;
}
export interface ManagedPolicy {
  name: string;
  arn: string;
  awsManaged: boolean;
  attachmentCount: number;
  /** Default version's document. */
  document?: PolicyDocument;
}
export interface Authorization {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
}

// ---- Account, billing, detection ------------------------------------------

export interface AlternateContact {
  name?: string;
  email?: string;
  phone?: string;
}

export interface Budget {
  name: string;
  /** COST | USAGE | RI_UTILIZATION | RI_COVERAGE | SAVINGS_PLANS_UTILIZATION | SAVINGS_PLANS_COVERAGE */
  type: string;
  limit?: { amount: string; unit: string };
  /** Each notification (ACTUAL or FORECASTED) with the number of its subscribers (email or SNS). */
  notifications: { type: string; threshold: number; thresholdType?: string; subscribers: number }[];
}

export interface GuardDutyFindingGroup {
  /** Finding type, e.g. CryptoCurrency:EC2/BitcoinTool.B. */
  type: string;
  /** Highest severity among the findings of this type. */
  severity: number;
  /** Number of active findings of this type. */
  count: number;
  title: string;
}

export interface GuardDutyRegion {
  detectors: { id: string; status: string }[];
  /**
   * Active (not archived) findings with severity >= 7, grouped by type, from
   * the region's enabled detectors. A read of its own: a scanner allowed to
   * list detectors may still be denied the findings.
   */
  highFindings: Read<GuardDutyFindingGroup[]>;
}

export interface Trail {
  name: string;
  arn: string;
  homeRegion: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  logFileValidation: boolean;
  cloudWatchLogGroupArn?: string;
  kmsKeyId?: string;
  s3BucketName?: string;
  status: Read<{ isLogging: boolean; latestDeliveryError?: string }>;
  /** Whether management events, read and write, are recorded (basic or advanced selectors). */
  managementEvents: Read<{ read: boolean; write: boolean }>;
}

export interface MetricFilter {
  name: string;
  pattern: string;
  metrics: { name: string; namespace: string }[];
}

export interface MetricAlarm {
  name: string;
  arn: string;
  metricName?: string;
  namespace?: string;
  /** Metrics read by a metric-math alarm (its MetricName/Namespace are then absent). */
  mathMetrics?: { name: string; namespace: string }[];
  actions: string[];
  actionsEnabled: boolean;
  threshold?: number;
}

export interface SnsSubscription {
  protocol: string;
  /** Pending subscriptions do not deliver anything. */
  confirmed: boolean;
}

export interface Analyzer {
  name: string;
  type: string;
  status: string;
}

// ---- Data and network -----------------------------------------------------

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface Bucket {
  name: string;
  /** BucketRegion from ListBuckets: every per-bucket call goes to it. */
  region: string;
  /** Bucket-level Block Public Access; null when the bucket has none. */
  publicAccessBlock: Read<PublicAccessBlock | null>;
  /** GetBucketPolicyStatus IsPublic (false when the bucket has no policy). */
  policyPublic: Read<boolean>;
  /** Grants to AllUsers / AuthenticatedUsers in the bucket ACL, as `AllUsers:READ`. */
  aclPublicGrants: Read<string[]>;
  /** Default encryption algorithm (AES256, aws:kms, aws:kms:dsse), or null when none is configured. */
  encryption: Read<string | null>;
  tags?: Record<string, string>;
}

/**
 * One security group rule, flattened: one source (an IPv4 or IPv6 CIDR, a
 * security group, or a prefix list) per entry, so that a fix can revoke
 * exactly that entry. Protocol is as EC2 returns it: tcp, udp, icmp, a
 * protocol number, or -1 for all traffic (no ports then).
 */
export interface SgRule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidr?: string;
  sourceGroup?: string;
  prefixListId?: string;
}

export interface SecurityGroup {
  id: string;
  name: string;
  vpcId?: string;
  arn: string;
  /** Ingress rules flattened: one per protocol/port range/source. */
  ingress: SgRule[];
  /** Egress rules flattened the same way. */
  egress: SgRule[];
  egressRuleCount: number;
  /** Elastic network interfaces using the group (-1 when not read). */
  inUse?: boolean;
}

export interface Instance {
  id: string;
  arn: string;
  state: string;
  type: string;
  /** MetadataOptions.HttpTokens: required | optional */
  httpTokens: string;
  httpEndpoint: string;
  name?: string;
}

export interface SecretMatch {
  /** Detector rule id, e.g. aws-access-key-id. */
  rule: string;
  /** Where: an environment variable name, a line... */
  location: string;
  /** Masked value: first 4 and last 4 characters. */
  masked: string;
  /** True for AWS's documented example credentials. */
  example: boolean;
}

export interface LambdaFunction {
  name: string;
  arn: string;
  runtime?: string;
  role?: string;
  /** Secrets found in environment variable values (masked); values themselves are not kept. */
  envSecrets: SecretMatch[];
  /** Names of environment variables, for context. */
  envNames: string[];
  /**
   * Set when Lambda could not decrypt the environment for us (a customer
   * managed KMS key we may not use): the variables were not seen at all.
   */
  envError?: string;
  /** Function URLs of the function and its aliases (empty when it has none). */
  urls: Read<LambdaUrl[]>;
}

export interface LambdaUrl {
  url: string;
  /** NONE (anyone on the internet can invoke) or AWS_IAM. */
  authType: string;
  /** Alias the URL belongs to; absent for the unqualified function. */
  qualifier?: string;
}

export interface RdsSnapshotRef {
  id: string;
  arn: string;
  /** True for an Aurora/Multi-AZ cluster snapshot (its attribute is changed with a different command). */
  cluster: boolean;
}
