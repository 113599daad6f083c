/**
 * Fix commands shared by the CloudTrail checks and the CIS 4.x alarm chain
 * checks. Every existing name (trail, log group, topic) comes from the
 * account and may be attacker-chosen, so each goes through sh().
 */
import { sh } from '../../../util/shell.js';
import type { AccountSnapshot, Trail } from '../../snapshot.js';

export const MAMORI_TRAIL = 'mamori-trail';
export const LOGS_ROLE = 'CloudTrailToCloudWatchLogs';
export const ALERT_TOPIC = 'mamori-security-alerts';

/** Security Hub's convention for an account-level resource. */
export const accountResource = (snap: AccountSnapshot) => `AWS::::Account:${snap.account.id}`;

/** Where to create account-wide things: us-east-1 when scanned (global service events land there), else the first scanned region. */
export function preferredRegion(snap: AccountSnapshot): string {
  return snap.regions.includes('us-east-1') ? 'us-east-1' : (snap.regions[0] ?? 'us-east-1');
}

export const trailBucket = (snap: AccountSnapshot) => `aws-cloudtrail-logs-${snap.account.id}-mamori`;
export const trailLogGroup = (snap: AccountSnapshot) => `aws-cloudtrail-logs-${snap.account.id}`;

/** A new multi-region trail with log file validation, its bucket and the bucket policy CloudTrail requires. */
export function createTrailCli(snap: AccountSnapshot): string {
  const { id, partition } = snap.account;
  const region = preferredRegion(snap);
  const bucket = trailBucket(snap);
  const trailArn = `arn:${partition}:cloudtrail:${region}:${id}:trail/${MAMORI_TRAIL}`;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:${partition}:s3:::${bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:${partition}:s3:::${bucket}/AWSLogs/${id}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
    ],
  };
  const location = region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${region}`;
  return [
    `aws s3api create-bucket --bucket ${sh(bucket)} --region ${region}${location}`,
    `aws s3api put-public-access-block --bucket ${sh(bucket)} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
    `aws s3api put-bucket-policy --bucket ${sh(bucket)} --policy ${sh(JSON.stringify(policy))}`,
    `aws cloudtrail create-trail --name ${MAMORI_TRAIL} --s3-bucket-name ${sh(bucket)} --is-multi-region-trail --include-global-service-events --enable-log-file-validation --region ${region}`,
    `aws cloudtrail start-logging --name ${MAMORI_TRAIL} --region ${region}`,
  ].join('\n');
}

export const startLoggingCli = (t: Trail) => `aws cloudtrail start-logging --name ${sh(t.arn)} --region ${sh(t.homeRegion)}`;

/** Basic selectors replace the trail's existing ones: the command keeps none of its data-event selectors. */
export const managementEventsCli = (t: Trail) =>
  `aws cloudtrail put-event-selectors --trail-name ${sh(t.arn)} --region ${sh(t.homeRegion)} --event-selectors ${sh('[{"ReadWriteType":"All","IncludeManagementEvents":true}]')}`;

/** Delivery of a trail to a new CloudWatch Logs group, with the role CloudTrail assumes to write there. */
export function cloudWatchDeliveryCli(snap: AccountSnapshot, trail: { name: string; arn: string; homeRegion: string }): { cli: string; logGroupArn: string } {
  const { id, partition } = snap.account;
  const region = trail.homeRegion;
  const group = trailLogGroup(snap);
  const logGroupArn = `arn:${partition}:logs:${region}:${id}:log-group:${group}:*`;
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const write = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:${partition}:logs:${region}:${id}:log-group:${group}:log-stream:*` }],
  };
  const cli = [
    `aws logs create-log-group --log-group-name ${sh(group)} --region ${sh(region)}`,
    `aws logs put-retention-policy --log-group-name ${sh(group)} --retention-in-days 365 --region ${sh(region)}`,
    `aws iam create-role --role-name ${LOGS_ROLE} --assume-role-policy-document ${sh(JSON.stringify(trust))}`,
    `aws iam put-role-policy --role-name ${LOGS_ROLE} --policy-name cloudtrail-to-cloudwatch-logs --policy-document ${sh(JSON.stringify(write))}`,
    `aws cloudtrail update-trail --name ${sh(trail.arn)} --region ${sh(region)} --cloud-watch-logs-log-group-arn ${sh(logGroupArn)} --cloud-watch-logs-role-arn ${sh(`arn:${partition}:iam::${id}:role/${LOGS_ROLE}`)}`,
  ].join('\n');
  return { cli, logGroupArn };
}
