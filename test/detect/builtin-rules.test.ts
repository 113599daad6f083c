/**
 * Every built-in rule, with events that must raise it and close neighbours
 * that must not; then a routine day that must raise nothing high.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RULES_DIR, loadBuiltinRules } from '../../src/detect/builtin.js';
import { Detector } from '../../src/detect/engine.js';
import type { CloudTrailEvent } from '../../src/detect/event.js';
import { at, ev, stratus } from './helpers.js';

const loaded = loadBuiltinRules();
const detect = (events: CloudTrailEvent[]) => {
  const d = new Detector(loaded.ruleset);
  for (const e of events) d.process(e);
  return d.finish();
};
const titles = (events: CloudTrailEvent[]) => detect(events).map((a) => a.title);

const ACCOUNT = '111122223333';
const user = (name = 'alice', key = 'AKIAIOSFODNN7EXAMPLE') => ({ type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, accountId: ACCOUNT, accessKeyId: key, userName: name });
const root = { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };
const iam = (min: number, eventName: string, over: Record<string, unknown> = {}) => ev({ eventTime: at(min), eventSource: 'iam.amazonaws.com', eventName, ...over });
const ec2 = (min: number, eventName: string, region: string, over: Record<string, unknown> = {}) => ev({ eventTime: at(min), eventSource: 'ec2.amazonaws.com', eventName, awsRegion: region, ...over });
const login = (min: number, result: 'Success' | 'Failure', over: Record<string, unknown> = {}) =>
  ev({
    eventTime: at(min),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', accountId: ACCOUNT, accessKeyId: '', userName: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
    responseElements: { ConsoleLogin: result },
    additionalEventData: { MFAUsed: 'Yes', LoginTo: 'https://console.aws.amazon.com/console/home' },
    ...(result === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
    ...over,
  });
const hidden = { type: 'IAMUser', accountId: ACCOUNT, accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' };
const newKey = 'AKIAI44QH8DHBEXAMPLE';
const createKey = (min: number, id = newKey, over: Record<string, unknown> = {}) => iam(min, 'CreateAccessKey', { responseElements: { accessKey: { accessKeyId: id, status: 'Active', userName: 'alice' } }, ...over });
const deleteKey = (min: number, id = 'AKIAIOSFODNN7EXAMPLE') => iam(min, 'DeleteAccessKey', { requestParameters: { accessKeyId: id } });
const denied = (min: number, name: string) => iam(min, name, { errorCode: 'AccessDenied', errorMessage: 'User is not authorized' });
/** AuthorizeSecurityGroupIngress's request as the console and `--ip-permissions` send it: one permission, one range. */
const sgPermissions = (port: number, kind: 'ipRanges' | 'ipv6Ranges', range: Record<string, string>) => ({
  groupId: 'sg-0123456789abcdef0',
  ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, groups: {}, prefixListIds: {}, ipRanges: {}, ipv6Ranges: {}, [kind]: { items: [range] } }] },
});
// EC2 Auto Scaling launching for a group (the shape of real records): its service-linked role, with invokedBy and
// sourceIPAddress set by AWS to autoscaling.amazonaws.com. Only Auto Scaling can assume that role, and no caller can set invokedBy.
const autoScalingRole = (role = 'AWSServiceRoleForAutoScaling') => ({
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAIOSFODNN7EXAMPLE:AutoScaling',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/AutoScaling`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAIOSFODNN7EXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/${role}`, accountId: ACCOUNT, userName: role },
      attributes: { creationDate: '2026-11-20T09:59:00Z', mfaAuthenticated: 'false' },
    },
    invokedBy: 'autoscaling.amazonaws.com',
  },
  sourceIPAddress: 'autoscaling.amazonaws.com',
  userAgent: 'autoscaling.amazonaws.com',
});
const asgLaunch = (min: number, region: string, instanceType = 't3.small', role?: string) =>
  ec2(min, 'RunInstances', region, {
    ...autoScalingRole(role),
    requestParameters: { instancesSet: { items: [{ minCount: 1, maxCount: 1 }] }, launchTemplate: { launchTemplateId: 'lt-0abcd1234example', version: '1' }, tagSpecificationSet: { items: [{ resourceType: 'instance', tags: [{ key: 'aws:autoscaling:groupName', value: 'web' }] }] } },
    responseElements: { ownerId: ACCOUNT, instancesSet: { items: [{ instanceId: 'i-0abcd1234example1', instanceType, imageId: 'ami-0abcdef1234567890' }] } },
  });
// Spot and fleet launches. RequestSpotInstances: the API's LaunchSpecification.InstanceType, in the lower camel case
// CloudTrail gives EC2's query-API parameters (as RunInstances' instanceType).
const spot = (instanceType: string, min = 0, region = 'us-east-1') => ec2(min, 'RequestSpotInstances', region, { requestParameters: { spotPrice: '3.00', instanceCount: 10, type: 'one-time', launchSpecification: { imageId: 'ami-0abcdef1234567890', instanceType, keyName: 'k' } } });
// CreateFleet: the response's fleetInstanceSet items with launchTemplateAndOverrides.overrides.instanceType, as a real
// CreateFleet record has them (quoted in aws/karpenter-provider-aws#5850; the only place when the template holds the
// type); the request as EC2's newer APIs are recorded (real CreateLaunchTemplate, DeleteFlowLogs records: an
// <Action>Request wrapper, PascalCase, list items tagged).
const fleet = (requested: string | undefined, launched: string, lifecycle = 'spot', min = 0, region = 'us-east-1') =>
  ec2(min, 'CreateFleet', region, {
    requestParameters: {
      CreateFleetRequest: {
        Type: 'instant',
        TargetCapacitySpecification: { TotalTargetCapacity: 10, DefaultTargetCapacityType: lifecycle },
        LaunchTemplateConfigs: { tag: 1, LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0abcd1234example', Version: 1 }, ...(requested ? { Overrides: [{ tag: 1, InstanceType: requested }] } : {}) },
        TagSpecification: { tag: 1, ResourceType: 'instance', Tag: { tag: 1, Key: 'Name', Value: 'p4d.24xlarge-benchmark' } },
      },
    },
    responseElements: { CreateFleetResponse: { fleetId: 'fleet-0abcd1234example', fleetInstanceSet: { item: [{ lifecycle, launchTemplateAndOverrides: { overrides: { instanceType: launched, subnetId: 'subnet-0abcd1234example' }, launchTemplateSpecification: { launchTemplateId: 'lt-0abcd1234example', version: 1 } }, instanceIds: { item: 'i-0abcd1234example1' } }] } } },
  });
// RequestSpotFleet: no recorded example was found; written from the API's SpotFleetRequestConfig in lower camel case.
// The rule reads every string of the call, whatever the nesting or spelling.
const spotFleet = (instanceType: string) => ec2(0, 'RequestSpotFleet', 'us-east-1', { requestParameters: { spotFleetRequestConfig: { iamFleetRole: `arn:aws:iam::${ACCOUNT}:role/aws-ec2-spot-fleet-tagging-role`, targetCapacity: 10, launchSpecifications: [{ imageId: 'ami-0abcdef1234567890', instanceType }] } } });
const lambda = (over: Record<string, unknown>) => ev({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', requestParameters: { functionName: 'f', statementId: 's', action: 'lambda:InvokeFunction', ...over } });
const trust = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

// S3 and EC2 calls that would expose data; `over` adds an errorCode for a refused one.
const s3Call = (eventName: string, requestParameters: Record<string, unknown>, over: Record<string, unknown> = {}) => ev({ eventSource: 's3.amazonaws.com', eventName, requestParameters: { Host: 's3.us-east-1.amazonaws.com', ...requestParameters }, ...over });
const publicAcl = { bucketName: 'b', acl: '', AccessControlPolicy: { AccessControlList: { Grant: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] } } };
const publicPolicy = { bucketName: 'b', policy: '', bucketPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } };
const publicSnapshot = (over: Record<string, unknown> = {}) => ec2(0, 'ModifySnapshotAttribute', 'us-east-1', { requestParameters: { snapshotId: 'snap-1', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } }, ...over });
const publicImage = (over: Record<string, unknown> = {}) => ec2(0, 'ModifyImageAttribute', 'us-east-1', { requestParameters: { imageId: 'ami-0abcdef1234567890', attributeType: 'launchPermission', launchPermission: { add: { items: [{ group: 'all' }] } } }, ...over });
// How S3 records a refusal, whether IAM or Block Public Access refused it; how EC2 records one.
const s3Refused = { errorCode: 'AccessDenied', errorMessage: 'Access Denied' };
const ec2Refused = { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' };
// A call that succeeded, as exports that write every field give it (Permiso's CloudConsoleCartographer records):
// "errorCode": null is no error.
const succeededNull = { errorCode: null, errorMessage: null };
// PutEventSelectors. The console creating a trail (CreateTrail, PutEventSelectors, StartLogging in one second) sets one
// advanced selector for every management event: Permiso's CloudConsoleCartographer sample, session 36183de1..., as recorded.
const consoleTrailSelectors = ev({
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'PutEventSelectors',
  awsRegion: 'us-east-2',
  userAgent: 'AWS Internal',
  requestParameters: { trailName: `arn:aws:cloudtrail:us-east-2:${ACCOUNT}:trail/myTrailName`, advancedEventSelectors: [{ fieldSelectors: [{ equals: ['Management'], field: 'eventCategory' }], name: 'Management events selector' }] },
  responseElements: { trailARN: `arn:aws:cloudtrail:us-east-2:${ACCOUNT}:trail/myTrailName`, advancedEventSelectors: [{ fieldSelectors: [{ equals: ['Management'], field: 'eventCategory' }], name: 'Management events selector' }] },
});
const selectors = (requestParameters: Record<string, unknown>) => ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'PutEventSelectors', requestParameters: { trailName: 't', ...requestParameters } });
// UpdateTrail, its parameters as the API names them (CloudTrail records a JSON API's members as sent).
const updateTrail = (requestParameters: Record<string, unknown> | null) => ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'UpdateTrail', requestParameters });
const trailName = { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main` };
// What `mamori scan` suggests: log file validation on; CloudWatch Logs set; all regions and global events on.
const trailHardened = [
  updateTrail({ ...trailName, enableLogFileValidation: true }),
  updateTrail({ ...trailName, cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail:*`, cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-logs` }),
  updateTrail({ ...trailName, isMultiRegionTrail: true, includeGlobalServiceEvents: true }),
];
const trailWeakened = [
  updateTrail({ ...trailName, s3BucketName: 'attacker-bucket' }),
  updateTrail({ ...trailName, s3KeyPrefix: 'elsewhere' }),
  updateTrail({ ...trailName, kmsKeyId: 'arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab' }),
  updateTrail({ ...trailName, snsTopicName: '' }),
  updateTrail({ ...trailName, cloudWatchLogsLogGroupArn: '', cloudWatchLogsRoleArn: '' }),
  updateTrail({ ...trailName, isMultiRegionTrail: false }),
  updateTrail({ ...trailName, includeGlobalServiceEvents: false }),
  updateTrail({ ...trailName, enableLogFileValidation: true, isOrganizationTrail: false }),
  updateTrail({ ...trailName, enableLogFileValidation: false }),
  updateTrail(null),
];
// basic selectors (put-event-selectors --event-selectors): every management event plus S3 data events
const basicAll = { readWriteType: 'All', includeManagementEvents: true, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }], excludeManagementEventSources: [] };
// advanced selectors: management events plus S3 data events
const advancedAll = [
  { name: 'Management events selector', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
  { name: 'S3', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] },
];

// Calls that would blind the defenders, refused as real records show them (TrailDiscover samples: denied
// CloudTrail and Config calls carry no request parameters; GuardDuty's and EC2's keep theirs).
const denyAll = { errorCode: 'AccessDenied', errorMessage: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform this action' };
const evasionRefused = [
  ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', ...denyAll }),
  ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail', ...denyAll }),
  ev({ eventSource: 'guardduty.amazonaws.com', eventName: 'DeleteDetector', requestParameters: { detectorId: 'd' }, ...denyAll }),
  ev({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: 'd', enable: false }, ...denyAll }),
  ev({ eventSource: 'config.amazonaws.com', eventName: 'StopConfigurationRecorder', ...denyAll }),
  ec2(0, 'DeleteFlowLogs', 'us-east-1', { requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0abcd1234example', tag: 1 } } }, errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' }),
  ev({ eventSource: 'budgets.amazonaws.com', eventName: 'DeleteBudget', ...denyAll }),
  ev({ eventSource: 'organizations.amazonaws.com', eventName: 'LeaveOrganization', ...denyAll }),
  ev({ eventSource: 'route53resolver.amazonaws.com', eventName: 'DeleteResolverQueryLogConfig', requestParameters: { resolverQueryLogConfigId: 'rqlc-1' }, ...denyAll }),
  ev({ eventSource: 'bedrock.amazonaws.com', eventName: 'DeleteModelInvocationLoggingConfiguration', requestParameters: null, ...denyAll }),
];

// Secrets Manager and Parameter Store reads, by alice's long-term key unless `over` says otherwise.
const secret = (min: number, secretId: string, over: Record<string, unknown> = {}) => ev({ eventTime: at(min), eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', requestParameters: { secretId }, ...over });
const parameters = (min: number, eventName: string, requestParameters: Record<string, unknown>, over: Record<string, unknown> = {}) => ev({ eventTime: at(min), eventSource: 'ssm.amazonaws.com', eventName, requestParameters, ...over });
const roleSession = { type: 'AssumedRole', principalId: 'AROAIOSFODNN7EXAMPLE:task', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/task`, accountId: ACCOUNT, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' };

interface Case {
  rule: string;
  fires: CloudTrailEvent[];
  quiet: CloudTrailEvent[];
}

const CASES: Case[] = [
  {
    rule: 'New Access Key Then Another Key Deleted By The Same Principal',
    fires: [createKey(0), deleteKey(4)],
    // rotation days apart; deleting the key just created
    quiet: [createKey(0), deleteKey(3 * 24 * 60), createKey(10_000, 'AKIAJKEY22222EXAMPLE'), deleteKey(10_002, 'AKIAJKEY22222EXAMPLE')],
  },
  {
    rule: 'Access Key Used From A New Source IP',
    fires: [iam(0, 'ListUsers', { sourceIPAddress: '198.51.100.7' }), iam(2 * 24 * 60, 'ListUsers', { sourceIPAddress: '203.0.113.66' })],
    quiet: [
      iam(0, 'ListUsers', { sourceIPAddress: '198.51.100.7' }),
      // a new IP while the key is still being learned (less than a day of history)
      iam(10, 'ListUsers', { sourceIPAddress: '203.0.113.66' }),
      // the usual IP days later; a temporary (ASIA) key from anywhere; AWS acting for the user
      iam(2 * 24 * 60, 'ListUsers', { sourceIPAddress: '198.51.100.7' }),
      iam(2 * 24 * 60, 'ListUsers', { sourceIPAddress: '192.0.2.1', userIdentity: { ...user(), accessKeyId: 'ASIAIOSFODNN7EXAMPLE' } }),
      iam(2 * 24 * 60, 'ListUsers', { sourceIPAddress: 'cloudformation.amazonaws.com' }),
    ],
  },
  {
    rule: 'Burst Of Denied IAM Writes',
    fires: ['CreateUser', 'AttachUserPolicy', 'CreateAccessKey', 'CreateLoginProfile', 'PutUserPolicy'].map((n, i) => denied(i, n)),
    quiet: [...['CreateUser', 'AttachUserPolicy', 'CreateAccessKey', 'CreateLoginProfile'].map((n, i) => denied(i, n)), denied(40, 'PutUserPolicy'), ...[0, 1, 2, 3, 4].map((i) => iam(i, 'ListUsers', { errorCode: 'AccessDenied' }))],
  },
  {
    rule: 'Instances Launched In Three Or More Regions Within 30 Minutes',
    fires: [ec2(0, 'RunInstances', 'us-east-1'), ec2(2, 'RunInstances', 'eu-west-1'), ec2(4, 'RunInstances', 'ap-southeast-1')],
    quiet: [
      ec2(0, 'RunInstances', 'us-east-1'),
      ec2(2, 'RunInstances', 'us-east-1'),
      ec2(4, 'RunInstances', 'us-west-2'),
      ec2(90, 'RunInstances', 'eu-west-1'),
      // refused in three regions, two refused beside one launch: nothing launched in three
      ...['eu-west-2', 'eu-central-1', 'sa-east-1'].map((r, i) => ec2(200 + i, 'RunInstances', r, { userIdentity: user('mallory'), ...ec2Refused })),
      ...['eu-west-2', 'eu-central-1'].map((r, i) => ec2(300 + i, 'RunInstances', r, { userIdentity: user('oscar'), errorCode: 'Client.DryRunOperation' })),
      ec2(302, 'RunInstances', 'sa-east-1', { userIdentity: user('oscar') }),
    ],
  },
  {
    rule: 'EC2 Calls Refused In Three Or More Regions',
    fires: [
      ...['us-east-1', 'eu-west-1', 'ap-southeast-1'].map((r, i) => ec2(i, 'RunInstances', r, ec2Refused)),
      ...['us-east-1', 'us-east-2', 'eu-north-1'].map((r, i) => ec2(60 + i, i ? 'ImportKeyPair' : 'CreateKeyPair', r, { userIdentity: user('bob'), ...ec2Refused })),
      ...['us-east-1', 'eu-west-1', 'ap-southeast-1'].map((r, i) => ec2(120 + i, 'RunInstances', r, { userIdentity: user('carol'), errorCode: 'Client.DryRunOperation' })),
    ],
    // launches that went through in three regions; refusals in two regions; three spread over more than 30 minutes
    quiet: [
      ec2(0, 'RunInstances', 'us-east-1'),
      ec2(2, 'RunInstances', 'eu-west-1'),
      ec2(4, 'RunInstances', 'ap-southeast-1'),
      ...['us-east-1', 'eu-west-1', 'eu-west-1'].map((r, i) => ec2(60 + i, 'RunInstances', r, { userIdentity: user('bob'), ...ec2Refused })),
      ...['us-east-1', 'eu-west-1', 'ap-southeast-1'].map((r, i) => ec2(120 + i * 20, 'RunInstances', r, { userIdentity: user('carol'), ...ec2Refused })),
    ],
  },
  {
    rule: 'Large Or GPU Instance Type Launched',
    fires: [ec2(0, 'RunInstances', 'us-east-1', { requestParameters: { instanceType: 'p4d.24xlarge' } }), ...stratus('execution.ec2-launch-unusual-instances')],
    quiet: [ec2(0, 'RunInstances', 'us-east-1', { requestParameters: { instanceType: 't3.micro' } }), ec2(0, 'RunInstances', 'us-east-1', { requestParameters: { instanceType: 'm5.xlarge' } }), ec2(0, 'DescribeInstanceTypes', 'us-east-1', { requestParameters: { instanceType: 'p5.48xlarge' } })],
  },
  {
    rule: 'Key Pairs Created Or Imported In Three Or More Regions',
    fires: [ec2(0, 'CreateKeyPair', 'us-east-1'), ec2(1, 'ImportKeyPair', 'us-east-2'), ec2(2, 'ImportKeyPair', 'eu-north-1')],
    quiet: [
      ec2(0, 'CreateKeyPair', 'us-east-1'),
      ec2(1, 'ImportKeyPair', 'us-east-1'),
      ec2(2, 'DescribeKeyPairs', 'eu-north-1'),
      // refused in three regions: no key pair was made
      ...['us-west-1', 'eu-west-3', 'ap-south-1'].map((r, i) => ec2(10 + i, 'ImportKeyPair', r, { userIdentity: user('mallory'), ...ec2Refused })),
    ],
  },
  {
    rule: 'Instance Launch Refused On Account Limits',
    fires: [
      ec2(0, 'RunInstances', 'us-east-1', { errorCode: 'Client.VcpuLimitExceeded', errorMessage: 'You have requested more vCPU capacity than your current vCPU limit' }),
      ec2(0, 'RequestSpotInstances', 'us-east-1', { errorCode: 'Client.MaxSpotInstanceCountExceeded', errorMessage: 'Max spot instance count exceeded' }),
    ],
    quiet: [ec2(0, 'RunInstances', 'us-east-1', { errorCode: 'Client.UnauthorizedOperation' }), ec2(0, 'RequestSpotInstances', 'us-east-1', { errorCode: 'Client.InvalidParameterValue' })],
  },
  {
    rule: 'Console Login Failures For One User',
    fires: [0, 1, 2, 3, 4, 5].map((m) => login(m, 'Failure', { sourceIPAddress: `203.0.113.${m}` })),
    quiet: [0, 1, 2, 3, 4].map((m) => login(m, 'Failure')),
  },
  {
    rule: 'Console Login Failures From One Source IP',
    fires: [0, 1, 2, 3, 4, 5].map((m) => login(m, 'Failure', { sourceIPAddress: '203.0.113.9', userIdentity: m % 2 ? hidden : { ...hidden, userName: `user${m}` } })),
    quiet: [0, 4, 8, 12, 16, 20].map((m) => login(m, 'Failure', { sourceIPAddress: '203.0.113.9', userIdentity: hidden })),
  },
  {
    rule: 'Console Login Succeeds After Repeated Failures',
    fires: [login(0, 'Failure'), login(1, 'Failure'), login(2, 'Failure'), login(3, 'Success')],
    quiet: [login(0, 'Failure'), login(1, 'Success'), login(60, 'Failure'), login(61, 'Failure'), login(62, 'Failure'), login(62, 'Success', { userIdentity: { ...user('bob'), accessKeyId: '' } })],
  },
  {
    rule: 'Console Login Without MFA',
    fires: [login(0, 'Success', { additionalEventData: { MFAUsed: 'No' } }), ...stratus('initial-access.console-login-without-mfa')],
    quiet: [login(0, 'Success'), login(0, 'Success', { additionalEventData: { MFAUsed: 'No' }, userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin/alice` } })],
  },
  {
    rule: 'Root Console Login',
    fires: [login(0, 'Success', { userIdentity: root })],
    quiet: [login(0, 'Failure', { userIdentity: root }), login(0, 'Success')],
  },
  {
    rule: 'Root API Activity',
    fires: [ev({ eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', userIdentity: root })],
    quiet: [login(0, 'Success', { userIdentity: root }), ev({ eventName: 'AssumeRole', eventSource: 'sts.amazonaws.com', eventType: 'AwsServiceEvent', userIdentity: { ...root, invokedBy: 'config.amazonaws.com' } }), ev({ eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' })],
  },
  {
    rule: 'Root Access Key Created',
    fires: [createKey(0, newKey, { userIdentity: root })],
    quiet: [createKey(0, newKey, { userIdentity: root, requestParameters: { userName: 'alice' } }), createKey(0)],
  },
  {
    rule: 'CloudTrail Logging Stopped Or Changed',
    fires: [
      ...stratus('defense-evasion.cloudtrail-stop'),
      ...stratus('defense-evasion.cloudtrail-delete'),
      // management events off, read-only (the Stratus detonation)
      ...stratus('defense-evasion.cloudtrail-event-selectors'),
      // management events kept but for writes only; KMS and RDS Data events excluded; an advanced selector for reads only;
      // data events only
      selectors({ eventSelectors: [{ ...basicAll, readWriteType: 'WriteOnly' }] }),
      selectors({ eventSelectors: [{ ...basicAll, excludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] }),
      selectors({ advancedEventSelectors: [{ name: 'm', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['true'] }] }] }),
      selectors({ advancedEventSelectors: [advancedAll[1]] }),
      // logs sent to another bucket or prefix, encrypted with another key; protections turned off; parameters not recorded
      ...trailWeakened,
    ],
    // the console creating a trail (every management event logged), more data events added; a trail hardened
    quiet: [
      ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails' }),
      ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging' }),
      consoleTrailSelectors,
      selectors({ eventSelectors: [basicAll] }),
      selectors({ advancedEventSelectors: advancedAll }),
      ...trailHardened,
    ],
  },
  {
    rule: 'CloudTrail Settings Changed',
    fires: [consoleTrailSelectors, selectors({ eventSelectors: [basicAll] }), selectors({ advancedEventSelectors: advancedAll }), ...trailHardened],
    // selectors that narrow management logging and updates that weaken the trail are the high rule's; a refused call
    quiet: [
      ...stratus('defense-evasion.cloudtrail-event-selectors'),
      selectors({ eventSelectors: [{ ...basicAll, readWriteType: 'ReadOnly' }] }),
      { ...selectors({ advancedEventSelectors: advancedAll }), ...denyAll },
      ...trailWeakened,
      { ...trailHardened[0]!, ...denyAll },
    ],
  },
  {
    rule: 'GuardDuty Disabled Or Members Removed',
    fires: [ev({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: 'd', enable: false } }), ev({ eventSource: 'guardduty.amazonaws.com', eventName: 'DeleteDetector' })],
    quiet: [ev({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: 'd', enable: true } }), ev({ eventSource: 'guardduty.amazonaws.com', eventName: 'ListDetectors' })],
  },
  {
    rule: 'AWS Config Recording Stopped',
    fires: [ev({ eventSource: 'config.amazonaws.com', eventName: 'StopConfigurationRecorder' })],
    quiet: [ev({ eventSource: 'config.amazonaws.com', eventName: 'StartConfigurationRecorder' })],
  },
  {
    rule: 'Budget Deleted',
    fires: [ev({ eventSource: 'budgets.amazonaws.com', eventName: 'DeleteBudget' })],
    quiet: [ev({ eventSource: 'budgets.amazonaws.com', eventName: 'CreateBudget' })],
  },
  {
    rule: 'VPC Flow Logs Deleted',
    fires: stratus('defense-evasion.vpc-remove-flow-logs'),
    quiet: [ec2(0, 'CreateFlowLogs', 'us-east-1')],
  },
  {
    rule: 'Account Left Its Organization',
    // the Stratus detonation's call, as it would be recorded had it not been refused
    fires: stratus('defense-evasion.organizations-leave').map(({ errorCode: _c, errorMessage: _m, ...e }) => e as CloudTrailEvent),
    // the detonation itself: LeaveOrganization refused (AccessDenied), the account still in its organization
    quiet: [ev({ eventSource: 'organizations.amazonaws.com', eventName: 'DescribeOrganization' }), ...stratus('defense-evasion.organizations-leave')],
  },
  {
    rule: 'New IAM User Given Credentials By Another Principal',
    fires: [iam(0, 'CreateUser', { requestParameters: { userName: 'backdoor' } }), iam(1, 'CreateLoginProfile', { requestParameters: { userName: 'backdoor', passwordResetRequired: false } })],
    quiet: [
      iam(0, 'CreateUser', { requestParameters: { userName: 'carol' } }),
      iam(1, 'CreateAccessKey', { requestParameters: { userName: 'carol' }, userIdentity: user('carol') }),
      iam(2, 'CreateAccessKey', { requestParameters: { userName: 'dave' } }),
    ],
  },
  {
    rule: 'AdministratorAccess Policy Attached',
    fires: [iam(0, 'AttachUserPolicy', { requestParameters: { userName: 'backdoor', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } })],
    quiet: [iam(0, 'AttachUserPolicy', { requestParameters: { userName: 'x', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }), iam(0, 'AttachUserPolicy', { errorCode: 'AccessDenied', requestParameters: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } })],
  },
  {
    rule: 'Role Trust Policy Opened To Another Account Or Anyone',
    fires: [
      iam(0, 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'r', policyDocument: trust({ AWS: 'arn:aws:iam::444455556666:root' }) } }),
      iam(0, 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'r2', policyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }).replace(`"AWS":"arn:aws:iam::${ACCOUNT}:root"`, '"AWS": "*"') + ACCOUNT } }),
      // "*" added beside the role's own-account principal: the grammar's "AWS": [<principal_id_string>, ...] (IAM
      // reference_policies_grammar); anyone may assume it, though the policy names the own account
      iam(0, 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'r3', policyDocument: trust({ AWS: [`arn:aws:iam::${ACCOUNT}:role/admin`, '*'] }) } }),
    ],
    quiet: [
      iam(0, 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'r', policyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }) } }),
      iam(0, 'CreateRole', { requestParameters: { roleName: 'r', assumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) } }),
    ],
  },
  {
    rule: 'Access Key Or Console Password Given To Another IAM User',
    fires: [
      ...stratus('persistence.iam-backdoor-user'),
      // the detonations' calls but their set-up (GetCallerIdentity) and a refused DeleteLoginProfile
      ...stratus('persistence.iam-create-user-login-profile').filter((e) => e.eventName === 'CreateLoginProfile'),
      ...stratus('privilege-escalation.iam-update-user-login-profile'),
      // an administrator's role (no userName of its own) minting a key for a user
      iam(0, 'CreateAccessKey', { userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/admin/eve`, accountId: ACCOUNT, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }, requestParameters: { userName: 'bob' } }),
    ],
    quiet: [
      // a user's own key (the CLI sends userName too, or leaves it out), own password; a refused attempt
      createKey(0),
      createKey(1, newKey, { requestParameters: { userName: 'alice' } }),
      iam(2, 'UpdateLoginProfile', { requestParameters: { userName: 'alice' } }),
      iam(3, 'CreateAccessKey', { requestParameters: { userName: 'bob' }, errorCode: 'AccessDenied' }),
    ],
  },
  {
    rule: 'Federation Token Minted With A Long-Term Key',
    fires: stratus('persistence.sts-federation-token').filter((e) => e.eventName === 'GetFederationToken'),
    // an MFA session for the CLI; a federation token refused
    quiet: [ev({ eventSource: 'sts.amazonaws.com', eventName: 'GetSessionToken' }), ev({ eventSource: 'sts.amazonaws.com', eventName: 'GetFederationToken', errorCode: 'AccessDenied' })],
  },
  {
    rule: 'DNS Query Logging Deleted Or Detached',
    fires: [
      ...stratus('defense-evasion.dns-delete-logs'),
      ev({ eventSource: 'route53resolver.amazonaws.com', eventName: 'DisassociateResolverQueryLogConfig', requestParameters: { resolverQueryLogConfigId: 'rqlc-1', resourceId: 'vpc-1' } }),
    ],
    quiet: [ev({ eventSource: 'route53resolver.amazonaws.com', eventName: 'AssociateResolverQueryLogConfig', requestParameters: { resolverQueryLogConfigId: 'rqlc-1', resourceId: 'vpc-1' } })],
  },
  {
    rule: 'Security Group Opened To The Internet',
    fires: [
      // the older single-range form (cidrIp), here with an anonymised address before its /0
      ...stratus('exfiltration.ec2-security-group-open-port-22-ingress'),
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: sgPermissions(3389, 'ipRanges', { cidrIp: '0.0.0.0/0' }) }),
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: sgPermissions(5432, 'ipv6Ranges', { cidrIpv6: '::/0' }) }),
      // every protocol and port (-1), in either form
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: { groupId: 'sg-1', ipProtocol: '-1', cidrIp: '0.0.0.0/0' } }),
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: { groupId: 'sg-1', ipPermissions: { items: [{ ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } } }),
      // SSH opened to everyone, hidden beside HTTPS from a private range in the same call
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', {
        requestParameters: {
          groupId: 'sg-1',
          ipPermissions: {
            items: [
              { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] } },
              { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
            ],
          },
        },
      }),
    ],
    quiet: [
      // HTTPS to the world, SSH from one address, and a refused call
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: sgPermissions(443, 'ipRanges', { cidrIp: '0.0.0.0/0' }) }),
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: sgPermissions(80, 'ipv6Ranges', { cidrIpv6: '::/0' }) }),
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: { groupId: 'sg-1', ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIp: '0.0.0.0/0' } }),
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: sgPermissions(22, 'ipRanges', { cidrIp: '203.0.113.10/32' }) }),
      ec2(0, 'AuthorizeSecurityGroupIngress', 'us-east-1', { requestParameters: sgPermissions(22, 'ipRanges', { cidrIp: '0.0.0.0/0' }), errorCode: 'InvalidPermission.Duplicate' }),
    ],
  },
  {
    rule: 'Bedrock Model Access Enabled',
    fires: stratus('impact.bedrock-invoke-model').filter((e) => /^(PutUseCaseForModelAccess|CreateFoundationModelAgreement|PutFoundationModelEntitlement)$/.test(String(e.eventName))),
    // the detonation's own model calls and availability checks; a refused request
    quiet: [
      ...stratus('impact.bedrock-invoke-model').filter((e) => e.eventName === 'InvokeModel' || e.eventName === 'GetFoundationModelAvailability'),
      ev({ eventSource: 'bedrock.amazonaws.com', eventName: 'PutUseCaseForModelAccess', errorCode: 'AccessDeniedException' }),
    ],
  },
  {
    rule: 'Bedrock Invocation Logging Deleted',
    fires: [ev({ eventSource: 'bedrock.amazonaws.com', eventName: 'DeleteModelInvocationLoggingConfiguration', requestParameters: null })],
    quiet: [ev({ eventSource: 'bedrock.amazonaws.com', eventName: 'GetModelInvocationLoggingConfiguration', requestParameters: null })],
  },
  {
    rule: 'Lambda Function Made Invokable By Anyone',
    fires: stratus('persistence.lambda-backdoor-function'),
    // a service allowed for one bucket, anyone in one account, another account; a refused call
    quiet: [
      lambda({ principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::b', sourceAccount: ACCOUNT }),
      lambda({ principal: '*', sourceAccount: ACCOUNT }),
      lambda({ principal: '444455556666' }),
      ev({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', requestParameters: { functionName: 'f', statementId: 's', action: 'lambda:InvokeFunction', principal: '*' }, errorCode: 'AccessDenied' }),
    ],
  },
  {
    rule: 'IAM Roles Anywhere Trust Anchor Created Or Changed',
    fires: stratus('persistence.rolesanywhere-create-trust-anchor').filter((e) => e.eventName === 'CreateTrustAnchor'),
    quiet: stratus('persistence.rolesanywhere-create-trust-anchor').filter((e) => e.eventName !== 'CreateTrustAnchor'),
  },
  {
    rule: 'Many Secrets Read With A Long-Term Access Key',
    fires: [...stratus('credential-access.secretsmanager-retrieve-secrets'), ...Array.from({ length: 10 }, (_, i) => secret(i / 2, `db-${i}`))],
    quiet: [
      // nine secrets; one secret read over and over; ten spread over an hour; ten refused
      ...Array.from({ length: 9 }, (_, i) => secret(i, `db-${i}`)),
      ...Array.from({ length: 30 }, (_, i) => secret(i / 10, 'db-0')),
      ...Array.from({ length: 10 }, (_, i) => secret(100 + i * 7, `app-${i}`, { userIdentity: user('bob', 'AKIAI44QH8DHBEXAMPLE') })),
      ...Array.from({ length: 10 }, (_, i) => secret(200 + i / 10, `x-${i}`, { userIdentity: user('carol', 'AKIAJKEY22222EXAMPLE'), errorCode: 'AccessDeniedException' })),
      // an application's role reading its ten secrets at start-up, with temporary credentials
      ...Array.from({ length: 10 }, (_, i) => secret(300 + i / 10, `svc-${i}`, { userIdentity: roleSession })),
    ],
  },
  {
    rule: 'Secrets Read In Bulk By Filter With A Long-Term Access Key',
    fires: stratus('credential-access.secretsmanager-batch-retrieve-secrets'),
    quiet: [
      ev({ eventSource: 'secretsmanager.amazonaws.com', eventName: 'BatchGetSecretValue', requestParameters: { secretIdList: ['db', 'api'] } }),
      ev({ eventSource: 'secretsmanager.amazonaws.com', eventName: 'BatchGetSecretValue', requestParameters: { filters: [{ key: 'tag-key', values: ['app'] }] }, errorCode: 'AccessDeniedException' }),
      ev({ eventSource: 'secretsmanager.amazonaws.com', eventName: 'BatchGetSecretValue', requestParameters: { filters: [{ key: 'tag-key', values: ['app'] }] }, userIdentity: roleSession }),
    ],
  },
  {
    rule: 'Parameters Decrypted In Bulk With A Long-Term Access Key',
    fires: [...stratus('credential-access.ssm-retrieve-securestring-parameters'), ...[0, 1, 2, 3, 4].map((m) => parameters(m, 'GetParametersByPath', { path: `/prod/${m}`, withDecryption: true }))],
    quiet: [
      // four calls; five without decryption; five by a role's temporary credentials
      ...[0, 1, 2, 3].map((m) => parameters(m, 'GetParameter', { name: `/prod/${m}`, withDecryption: true })),
      ...[10, 11, 12, 13, 14].map((m) => parameters(m, 'GetParameters', { names: ['/prod/a'], withDecryption: false })),
      ...[20, 21, 22, 23, 24].map((m) => parameters(m, 'GetParameters', { names: ['/prod/a'], withDecryption: true }, { userIdentity: roleSession })),
    ],
  },
  {
    rule: 'S3 Bucket Made Public',
    fires: [
      ev({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl', requestParameters: { bucketName: 'b', AccessControlPolicy: { AccessControlList: { Grant: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] } } } }),
      ev({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', requestParameters: { bucketName: 'b2', bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] } } }),
    ],
    quiet: [
      ev({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl', requestParameters: { bucketName: 'b', 'x-amz-acl': ['private'] } }),
      ev({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', requestParameters: { bucketName: 'b', bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }] } } }),
    ],
  },
  {
    rule: 'S3 Public Access Block Removed Or Weakened',
    fires: [
      ev({ eventSource: 's3.amazonaws.com', eventName: 'DeleteBucketPublicAccessBlock', requestParameters: { bucketName: 'b' } }),
      ev({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPublicAccessBlock', requestParameters: { bucketName: 'b', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true } } }),
    ],
    quiet: [ev({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPublicAccessBlock', requestParameters: { bucketName: 'b', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } })],
  },
  {
    rule: 'Snapshot Or AMI Made Public',
    fires: [ec2(0, 'ModifySnapshotAttribute', 'us-east-1', { requestParameters: { snapshotId: 'snap-1', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } } })],
    quiet: stratus('exfiltration.ec2-share-ebs-snapshot'),
  },
  {
    rule: 'Snapshot Or AMI Shared With Another Account',
    fires: [...stratus('exfiltration.ec2-share-ebs-snapshot'), ...stratus('exfiltration.ec2-share-ami')],
    quiet: [ec2(0, 'ModifySnapshotAttribute', 'us-east-1', { requestParameters: { createVolumePermission: { remove: { items: [{ userId: '444455556666' }] } } } })],
  },
  {
    rule: 'Attempt To Disable Logging Or Monitoring Failed',
    fires: [...evasionRefused, ...stratus('defense-evasion.organizations-leave')],
    // the changes themselves (other rules); a refused UpdateDetector that enables GuardDuty; a refused read
    quiet: [
      ...stratus('defense-evasion.cloudtrail-stop'),
      ev({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: 'd', enable: true }, ...denyAll }),
      ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails', ...denyAll }),
      // a call that succeeded, from an export that writes every field (Permiso's CloudConsoleCartographer sample,
      // session 36183de1...: StopLogging with "errorCode": null, "errorMessage": null)
      ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: `arn:aws:cloudtrail:us-east-2:${ACCOUNT}:trail/t` }, ...succeededNull }),
    ],
  },
  {
    rule: 'Attempt To Make Data Public Failed',
    fires: [
      s3Call('PutBucketAcl', publicAcl, s3Refused),
      s3Call('PutBucketPolicy', publicPolicy, s3Refused),
      s3Call('DeleteBucketPublicAccessBlock', { bucketName: 'b' }, s3Refused),
      s3Call('PutBucketPublicAccessBlock', { bucketName: 'b', PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } }, s3Refused),
      publicSnapshot(ec2Refused),
      publicImage(ec2Refused),
    ],
    // the exposures themselves (other rules); a refused private ACL; a refused share with one account
    quiet: [
      s3Call('PutBucketAcl', publicAcl),
      s3Call('PutBucketPolicy', publicPolicy),
      publicSnapshot(),
      s3Call('PutBucketAcl', { bucketName: 'b', 'x-amz-acl': ['private'] }, s3Refused),
      ec2(0, 'ModifySnapshotAttribute', 'us-east-1', { requestParameters: { snapshotId: 'snap-1', createVolumePermission: { add: { items: [{ userId: '444455556666' }] } } }, ...ec2Refused }),
      // exposures that succeeded, written with "errorCode": null (see succeededNull)
      s3Call('PutBucketPolicy', publicPolicy, succeededNull),
      publicSnapshot(succeededNull),
    ],
  },
];

describe('built-in rules', () => {
  it('all load without errors', () => {
    assert.deepEqual(loaded.errors.map((e) => e.message), []);
    assert.match(BUILTIN_RULES_DIR, /data[\\/]rules[\\/]?$/);
  });

  it('every alerting rule has a case here', () => {
    const alerting = [...loaded.ruleset.detections, ...loaded.ruleset.correlations].filter((r) => !loaded.ruleset.silenced.has(r)).map((r) => r.title);
    assert.deepEqual(alerting.filter((t) => !CASES.some((c) => c.rule === t)), []);
  });

  const single = new Set(loaded.ruleset.detections.map((r) => r.title));
  for (const c of CASES) {
    describe(c.rule, () => {
      it('fires on the attack', () => assert.ok(titles(c.fires).includes(c.rule), titles(c.fires).join(' | ')));
      // A single-event rule must fire on each attack event alone, so that breaking one of its
      // selections fails here (the STS calls in the Stratus detonations are only their set-up).
      if (single.has(c.rule))
        it('fires on each attack event alone', () => {
          for (const e of c.fires.filter((e) => e.eventName !== 'AssumeRole')) assert.ok(titles([e]).includes(c.rule), `${String(e.eventName)} ${String(e.eventID)}: ${titles([e]).join(' | ')}`);
        });
      it('stays quiet on its benign neighbours', () => assert.ok(!titles(c.quiet).includes(c.rule), titles(c.quiet).join(' | ')));
    });
  }
});

describe('routine work raises nothing high', () => {
  it('a typo before an MFA login from the usual IP, a key rotation days apart, CI launching small instances at home, Auto Scaling groups scaling out in three regions', () => {
    const ci = { ...user('ci'), arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/gh-run`, type: 'AssumedRole', accessKeyId: 'ASIAIOSFODNN7EXAMPLE' };
    const day: CloudTrailEvent[] = [
      login(0, 'Failure'),
      login(1, 'Success'),
      createKey(30),
      ...Array.from({ length: 40 }, (_, i) => ec2(60 + i * 5, 'RunInstances', 'eu-west-1', { userIdentity: ci, requestParameters: { instanceType: 't3.small' } })),
      ...Array.from({ length: 40 }, (_, i) => ec2(62 + i * 5, 'TerminateInstances', 'eu-west-1', { userIdentity: ci })),
      ...['eu-west-1', 'us-east-1', 'ap-southeast-2'].flatMap((r, i) => [asgLaunch(300 + i, r), asgLaunch(305 + i, r)]),
      deleteKey(3 * 24 * 60),
      iam(100, 'ListUsers'),
      iam(101, 'GetUser', { errorCode: 'AccessDenied' }),
    ];
    const loud = detect(day).filter((a) => a.severity === 'high' || a.severity === 'critical');
    assert.deepEqual(loud.map((a) => a.title), []);
  });
});

/** Shapes CloudTrail really records, each judged on its own (one event or one sequence per check). */
describe('built-in rules on real CloudTrail shapes', () => {
  const fires = (rule: string, events: CloudTrailEvent[]) => assert.ok(titles(events).includes(rule), `${rule} did not fire: ${titles(events).join(' | ')}`);
  const quiet = (rule: string, events: CloudTrailEvent[]) => assert.ok(!titles(events).includes(rule), `${rule} fired`);

  it('a trust policy opened to anyone with "Principal": "*" (no "AWS" key)', () => {
    fires('Role Trust Policy Opened To Another Account Or Anyone', [iam(0, 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'r', policyDocument: trust('*') } })]);
    fires('Role Trust Policy Opened To Another Account Or Anyone', [iam(0, 'CreateRole', { requestParameters: { roleName: 'r', assumeRolePolicyDocument: trust('*') } })]);
    quiet('Role Trust Policy Opened To Another Account Or Anyone', [iam(0, 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'r', policyDocument: trust({ Service: 'ec2.amazonaws.com' }) } })]);
  });

  it('a bucket policy is public only through an Allow statement for "*" (CloudTrail records it as an object, keys in any order)', () => {
    const put = (...Statement: unknown[]) => ev({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', requestParameters: { bucketName: 'b', Host: 's3.us-east-1.amazonaws.com', policy: '', bucketPolicy: { Version: '2012-10-17', Statement } } });
    // the usual "deny plain HTTP" statement (AWS Config s3-bucket-ssl-requests-only, CDK enforceSSL) beside a CloudFront grant
    const sslOnly = { Sid: 'DenyInsecureTransport', Principal: '*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Action: 's3:*' };
    const cloudFront = { Sid: 'AllowCloudFront', Principal: { Service: 'cloudfront.amazonaws.com' }, Resource: 'arn:aws:s3:::b/*', Effect: 'Allow', Condition: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/EDFDVBD6EXAMPLE` } }, Action: 's3:GetObject' };
    quiet('S3 Bucket Made Public', [put(sslOnly, cloudFront)]);
    quiet('S3 Bucket Made Public', [put({ ...sslOnly, Principal: { AWS: '*' } })]);
    fires('S3 Bucket Made Public', [put(sslOnly, { Sid: 'Public', Principal: '*', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 's3:ExistingObjectTag/public': 'yes' } }, Effect: 'Allow', Action: 's3:GetObject' })]);
    fires('S3 Bucket Made Public', [put({ Effect: 'Allow', Action: 's3:GetObject', Principal: { AWS: ['*'] }, Resource: 'arn:aws:s3:::b/*' })]);
    fires('S3 Bucket Made Public', [put(cloudFront, { Principal: { AWS: '*' }, Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })]);
  });

  it('very large sizes past 48xlarge and the metal-NNxl sizes', () => {
    const run = (instanceType: string) => [ec2(0, 'RunInstances', 'us-east-1', { requestParameters: { instanceType, instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount: 1 }] } } })];
    for (const t of ['hpc7a.96xlarge', 'c8id.96xlarge', 'u7i-12tb.224xlarge', 'c7i.metal-48xl', 'i7i.metal-24xl', 'r7iz.metal-16xl', 'm5.metal', 'c5.18xlarge']) fires('Large Or GPU Instance Type Launched', run(t));
    for (const t of ['m5.12xlarge', 't3.2xlarge', 'c7i.8xlarge', 'm8azn.metal-12xl']) quiet('Large Or GPU Instance Type Launched', run(t));
  });

  it('an instance launched from a launch template: the type is only in the response', () => {
    // `aws ec2 run-instances --launch-template LaunchTemplateId=...`: no instanceType in the request
    const fromTemplate = (instanceType: string) => [
      ec2(0, 'RunInstances', 'us-east-1', {
        requestParameters: { instancesSet: { items: [{ minCount: 1, maxCount: 1 }] }, launchTemplate: { launchTemplateId: 'lt-0abcd1234example', version: '1' } },
        responseElements: { ownerId: ACCOUNT, instancesSet: { items: [{ instanceId: 'i-0abcd1234example1', instanceType, imageId: 'ami-0abcdef1234567890' }] } },
      }),
    ];
    fires('Large Or GPU Instance Type Launched', fromTemplate('g5.12xlarge'));
    fires('Large Or GPU Instance Type Launched', fromTemplate('c6i.32xlarge'));
    quiet('Large Or GPU Instance Type Launched', fromTemplate('t3.micro'));
  });

  it('Auto Scaling groups launching in three regions are the service at work, not a spree; the leaked key that made the groups is', () => {
    const spree = 'Instances Launched In Three Or More Regions Within 30 Minutes';
    // scale-outs of groups in three regions, through the default and a custom-suffix service-linked role
    quiet(spree, [asgLaunch(0, 'us-east-1'), asgLaunch(2, 'eu-west-1'), asgLaunch(4, 'ap-southeast-1')]);
    quiet(spree, [asgLaunch(0, 'us-east-1', 't3.small', 'AWSServiceRoleForAutoScaling_web'), asgLaunch(2, 'eu-west-1', 't3.small', 'AWSServiceRoleForAutoScaling_web'), asgLaunch(4, 'ap-southeast-1', 't3.small', 'AWSServiceRoleForAutoScaling_web')]);
    // the user agent is the caller's to write: a leaked key calling RunInstances as "autoscaling.amazonaws.com" still counts
    fires(spree, ['us-east-1', 'eu-west-1', 'ap-southeast-1'].map((r, i) => ec2(i, 'RunInstances', r, { userAgent: 'autoscaling.amazonaws.com' })));
    // a leaked key creating groups in three regions (as in cryptomining campaigns): the alert names that key's user
    const createGroup = (min: number, region: string) =>
      ev({ eventTime: at(min), eventSource: 'autoscaling.amazonaws.com', eventName: 'CreateAutoScalingGroup', awsRegion: region, requestParameters: { autoScalingGroupName: 'miner', launchTemplate: { launchTemplateName: 'miner' }, minSize: 20, maxSize: 20 } });
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
    const alerts = detect([...regions.map((r, i) => createGroup(i, r)), ...regions.map((r, i) => asgLaunch(i + 1, r))]).filter((a) => a.title === spree);
    assert.deepEqual(alerts.map((a) => a.principal), [`arn:aws:iam::${ACCOUNT}:user/alice`]);
  });

  it('a GPU or large instance launched by Auto Scaling still raises "Large Or GPU" (for a group the type is only in the service\'s call)', () => {
    fires('Large Or GPU Instance Type Launched', [asgLaunch(0, 'us-east-1', 'g5.12xlarge')]);
    quiet('Large Or GPU Instance Type Launched', [asgLaunch(0, 'us-east-1', 't3.small')]);
  });

  it('a refused attempt to expose data is no exposure: S3 refusing it (AccessDenied, from IAM or Block Public Access), EC2 refusing the share', () => {
    quiet('S3 Bucket Made Public', [s3Call('PutBucketAcl', publicAcl, s3Refused)]);
    quiet('S3 Bucket Made Public', [s3Call('PutBucketPolicy', publicPolicy, s3Refused)]);
    quiet('S3 Public Access Block Removed Or Weakened', [s3Call('DeleteBucketPublicAccessBlock', { bucketName: 'b' }, s3Refused)]);
    quiet('Snapshot Or AMI Made Public', [publicSnapshot(ec2Refused)]);
    quiet('Snapshot Or AMI Made Public', [publicImage({ errorCode: 'Client.DryRunOperation', errorMessage: 'Request would have succeeded, but DryRun flag is set.' })]);
    quiet('Snapshot Or AMI Shared With Another Account', stratus('exfiltration.ec2-share-ami').map((e) => (e.eventName === 'ModifyImageAttribute' ? { ...e, ...ec2Refused } : e)));
    // the same calls succeeding are the exposures
    fires('S3 Bucket Made Public', [s3Call('PutBucketAcl', publicAcl)]);
    fires('S3 Bucket Made Public', [s3Call('PutBucketPolicy', publicPolicy)]);
    fires('Snapshot Or AMI Made Public', [publicImage()]);
    // the refusal is reported, at medium, under a title that says nothing was exposed
    const refused = detect([s3Call('PutBucketPolicy', publicPolicy, s3Refused)]);
    assert.deepEqual(refused.map((a) => [a.title, a.severity]), [['Attempt To Make Data Public Failed', 'medium']]);
  });

  it('a refused attempt to stop logging or monitoring left it running: no "stopped" alert, a medium "attempt failed" one', () => {
    const changed = ['CloudTrail Logging Stopped Or Changed', 'GuardDuty Disabled Or Members Removed', 'AWS Config Recording Stopped', 'VPC Flow Logs Deleted', 'Budget Deleted', 'Account Left Its Organization'];
    for (const e of evasionRefused) {
      const alerts = detect([e]);
      assert.deepEqual(alerts.filter((a) => changed.includes(a.title)).map((a) => a.title), [], String(e.eventName));
      assert.deepEqual(alerts.map((a) => [a.title, a.severity]), [['Attempt To Disable Logging Or Monitoring Failed', 'medium']], String(e.eventName));
    }
  });

  it('persistence rules already require success: a refused backdoor user, admin policy or open trust policy raises nothing', () => {
    const refused = [
      iam(0, 'CreateUser', { requestParameters: { userName: 'backdoor' }, ...denyAll }),
      iam(1, 'CreateLoginProfile', { requestParameters: { userName: 'backdoor', passwordResetRequired: false }, ...denyAll }),
      iam(2, 'AttachUserPolicy', { requestParameters: { userName: 'backdoor', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, ...denyAll }),
      iam(3, 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'r', policyDocument: trust('*') }, ...denyAll }),
    ];
    assert.deepEqual(titles(refused).filter((t) => !t.startsWith('Burst Of Denied')), []);
  });

  it('Spot and fleet launches (RequestSpotInstances, CreateFleet, RequestSpotFleet) of GPU or large types, wherever the call records the type', () => {
    const gpu = 'Large Or GPU Instance Type Launched';
    for (const e of [spot('p3.16xlarge'), spot('c5.24xlarge'), spot('p6-b200.48xlarge'), fleet('g4dn.12xlarge', 'g4dn.12xlarge'), fleet(undefined, 'p4d.24xlarge'), fleet('m5.large', 'm7i.metal-48xl', 'on-demand'), spotFleet('p3.8xlarge')]) fires(gpu, [e]);
    // small types; a tag that only mentions a GPU type; looking up Spot prices is no launch
    for (const e of [spot('t3.micro'), fleet('m5.large', 'm5.large'), fleet(undefined, 'c6i.4xlarge'), spotFleet('c5.xlarge'), ec2(0, 'DescribeSpotPriceHistory', 'us-east-1', { requestParameters: { instanceTypeSet: { items: [{ instanceType: 'p4d.24xlarge' }] } } })]) quiet(gpu, [e]);
    // Auto Scaling's CreateFleet for a mixed-instances group: its GPU type is seen too
    fires(gpu, [{ ...fleet(undefined, 'g5.12xlarge'), ...autoScalingRole() }]);
  });

  it('an instant fleet is judged by the types it launched, not by the candidates its request lists or the types its errors name', () => {
    const gpu = 'Large Or GPU Instance Type Launched';
    // Karpenter, or a diversified Spot fleet: many candidate types (large ones among them), EC2 picks the cheapest
    const diversified = fleet('m5.large', 'm5.large');
    const cfg = (diversified.requestParameters as { CreateFleetRequest: { LaunchTemplateConfigs: Record<string, unknown> } }).CreateFleetRequest.LaunchTemplateConfigs;
    cfg.Overrides = ['m5.large', 'm5.xlarge', 'm5.4xlarge', 'm5.16xlarge', 'm5.24xlarge', 'm5.metal'].map((t, i) => ({ tag: i + 1, InstanceType: t }));
    quiet(gpu, [diversified]);
    // attribute-based selection that keeps GPU types out by naming them
    const excluding = fleet('m5.large', 'm5.large');
    (excluding.requestParameters as { CreateFleetRequest: { LaunchTemplateConfigs: Record<string, unknown> } }).CreateFleetRequest.LaunchTemplateConfigs.Overrides = [
      { tag: 1, InstanceRequirements: { VCpuCount: { Min: 2, Max: 8 }, MemoryMiB: { Min: 4096 }, ExcludedInstanceType: [{ tag: 1, content: 'p3.2xlarge' }, { tag: 2, content: 'g4dn.xlarge' }] } },
    ];
    quiet(gpu, [excluding]);
    // a large type refused for capacity (the response's errorSet), a small one launched
    const refusedLarge = fleet('m5.large', 'm5.large');
    (refusedLarge.responseElements as { CreateFleetResponse: Record<string, unknown> }).CreateFleetResponse.errorSet = {
      item: [{ errorCode: 'InsufficientInstanceCapacity', errorMessage: 'no capacity', lifecycle: 'spot', launchTemplateAndOverrides: { overrides: { instanceType: 'c5.24xlarge', subnetId: 'subnet-0abcd1234example' } } }],
    };
    quiet(gpu, [refusedLarge]);
    // the same fleets launching a large or GPU type still fire
    const launchedLarge = structuredClone(diversified);
    ((launchedLarge.responseElements as { CreateFleetResponse: { fleetInstanceSet: { item: { launchTemplateAndOverrides: { overrides: { instanceType: string } } }[] } } }).CreateFleetResponse.fleetInstanceSet.item[0]!.launchTemplateAndOverrides.overrides.instanceType = 'm5.24xlarge');
    fires(gpu, [launchedLarge]);
  });

  it('a leaked key requesting Spot instances or fleets in three regions is a spree, as RunInstances is; Auto Scaling\'s fleets are not', () => {
    const spree = 'Instances Launched In Three Or More Regions Within 30 Minutes';
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
    fires(spree, regions.map((r, i) => spot('c5.large', i, r)));
    fires(spree, regions.map((r, i) => fleet('c5.large', 'c5.large', 'spot', i, r)));
    fires(spree, [spot('c5.large', 0, 'us-east-1'), fleet('c5.large', 'c5.large', 'spot', 1, 'eu-west-1'), ec2(2, 'RunInstances', 'ap-southeast-1')]);
    // Auto Scaling launching a mixed-instances group through CreateFleet, in three regions
    quiet(spree, regions.map((r, i) => ({ ...fleet(undefined, 'm5.large', 'on-demand', i, r), ...autoScalingRole() })));
  });

  it('steps logged in the same second, in either order (CloudTrail log files are not in call order)', () => {
    // Stratus Red Team detonation: AttachUserPolicy, CreateAccessKey, CreateUser, all at 13:33:28, in that order
    fires('New IAM User Given Credentials By Another Principal', stratus('persistence.iam-create-admin-user'));
    // a script minting a key and deleting the leaked one within the second, the deletion delivered first
    fires('New Access Key Then Another Key Deleted By The Same Principal', [deleteKey(0), createKey(0)]);
    // still ordered across seconds: the other key deleted a minute before the new one was made
    quiet('New Access Key Then Another Key Deleted By The Same Principal', [deleteKey(0), createKey(1)]);
  });

  it('console sign-in failures as AWS documents them: an IAM user\'s carry userName but no arn, root\'s arn but no userName', () => {
    // docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
    const iamUser = (name: string) => ({ type: 'IAMUser', principalId: `AIDA${name.toUpperCase()}EXAMPLE`, accountId: ACCOUNT, accessKeyId: '', userName: name });
    const rootUser = { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: '' };
    const federated = (n: number) => ({ type: 'AssumedRole', principalId: `AROAEXAMPLE:s${n}`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/s${n}`, accountId: ACCOUNT });
    const failure = (m: number, userIdentity: unknown) => login(m, 'Failure', { userIdentity, sourceIPAddress: `203.0.113.${m}`, recipientAccountId: ACCOUNT });
    const perUser = detect([0, 1, 2, 3, 4, 5].map((m) => failure(m, rootUser))).filter((a) => a.title === 'Console Login Failures For One User');
    assert.deepEqual(perUser.map((a) => a.group), [{ recipientAccountId: ACCOUNT, principal: `arn:aws:iam::${ACCOUNT}:root` }]);
    fires('Console Login Failures For One User', [0, 1, 2, 3, 4, 5].map((m) => failure(m, iamUser('anaya'))));
    // Principals without the grouped field are not pooled: three root failures and three of other
    // principals recorded without a user name are not six failures of one user.
    quiet('Console Login Failures For One User', [0, 1, 2].map((m) => failure(m, rootUser)).concat([3, 4, 5].map((m) => failure(m, federated(m)))));
    quiet('Console Login Failures For One User', [0, 1, 2, 3, 4, 5].map((m) => failure(m, federated(m))));
    // Neither are two IAM users' failures, three each.
    quiet('Console Login Failures For One User', [0, 1, 2].map((m) => failure(m, iamUser('anaya'))).concat([3, 4, 5].map((m) => failure(m, iamUser('bo')))));
    // Root signing in after failures: every root sign-in raises Root Console Login on its own.
    fires('Root Console Login', [0, 1, 2].map((m) => failure(m, rootUser)).concat([login(3, 'Success', { userIdentity: rootUser, recipientAccountId: ACCOUNT })]));
  });

  it('an inline policy granting Allow "*" (PutUserPolicy, PutRolePolicy, PutGroupPolicy) is AdministratorAccess by another name', () => {
    const put = (eventName: string, policyDocument: string, over: Record<string, unknown> = {}) => [iam(0, eventName, { requestParameters: { userName: 'backdoor', roleName: 'r', groupName: 'g', policyName: 'p', policyDocument }, ...over })];
    fires('AdministratorAccess Policy Attached', put('PutUserPolicy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'));
    fires('AdministratorAccess Policy Attached', put('PutRolePolicy', '{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t{\n\t\t\t"Action": ["*"],\n\t\t\t"Resource": ["*"],\n\t\t\t"Effect": "Allow"\n\t\t}\n\t]\n}'));
    fires('AdministratorAccess Policy Attached', put('PutGroupPolicy', '{"Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"},{"Sid":"all","Effect":"Allow","Action":"*","Resource":"*"}]}'));
    // a quarantine (AWSCompromisedKeyQuarantine, mamori respond's own deny), a service wildcard, a denied call
    quiet('AdministratorAccess Policy Attached', put('PutUserPolicy', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-11-20T10:00:00Z"}}}]}'));
    quiet('AdministratorAccess Policy Attached', put('PutRolePolicy', '{"Statement":[{"Effect":"Allow","Action":["s3:*","logs:*"],"Resource":"*"}]}'));
    quiet('AdministratorAccess Policy Attached', put('PutUserPolicy', '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', { errorCode: 'AccessDenied' }));
  });
});
