/**
 * The events CIS AWS Foundations v5.0 section 4 asks to be alarmed on, the
 * ones the brief's attack goes through: each becomes a check (see chain.ts).
 * Patterns are CIS v5.0's; `required` lists the terms a pattern must contain
 * (after normalize()) to count as covering the event, each as alternatives.
 */
import type { Severity } from '../../check.js';

export interface MonitoredEvent {
  /** Check id suffix: cloudwatch.alarm-<key>. */
  key: string;
  title: string;
  cis: string;
  severity: Severity;
  threat: string;
  /** Filter pattern put by the fix: CIS v5.0's. */
  pattern: string;
  /** Metric and alarm names used in fixes, as CIS names them. */
  metricName: string;
  required: string[][];
}

/** Lowercase, without whitespace or quotes: `{ $.errorCode = "AccessDenied*" }` → `{$.errorcode=accessdenied*}`. */
export function normalizePattern(p: string): string {
  return p.replace(/\s+/g, '').replace(/["']/g, '').toLowerCase();
}

/** The required terms a pattern lacks (first alternative of each missing group). */
export function missingTerms(event: MonitoredEvent, pattern: string): string[] {
  const n = normalizePattern(pattern);
  return event.required.filter((alts) => !alts.some((a) => n.includes(normalizePattern(a)))).map((alts) => alts[0]!);
}

const eventNames = (...names: string[]) => names.map((n) => [`$.eventName=${n}`]);

const IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion',
  'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
];
const TRAIL_EVENTS = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'];

export const MONITORED_EVENTS: MonitoredEvent[] = [
  {
    key: 'unauthorized-api-calls',
    title: 'Unauthorized API calls raise an alarm',
    cis: '4.1',
    severity: 'medium',
    threat:
      'A leaked access key is first used to probe what it may do: a burst of AccessDenied/UnauthorizedOperation errors is often the earliest sign, minutes before instances start in every region.',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    metricName: 'unauthorized_api_calls_metric',
    required: [
      ['$.errorCode=*UnauthorizedOperation', '$.errorCode=UnauthorizedOperation'],
      ['$.errorCode=AccessDenied*', '$.errorCode=AccessDenied'],
    ],
  },
  {
    key: 'console-signin-without-mfa',
    title: 'Console sign-in without MFA raises an alarm',
    cis: '4.2',
    severity: 'medium',
    threat: 'A console sign-in without MFA is what a phished or reused password looks like: the alarm is the chance to lock the user out before the attacker creates keys.',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    metricName: 'no_mfa_console_signin_metric',
    required: [['$.eventName=ConsoleLogin'], ['$.additionalEventData.MFAUsed!=Yes']],
  },
  {
    key: 'root-usage',
    title: 'Use of the root user raises an alarm',
    cis: '4.3',
    severity: 'high',
    threat: 'Root cannot be restricted and can close the account; any root activity you did not do yourself is a takeover in progress.',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    metricName: 'root_usage_metric',
    required: [['$.userIdentity.type=Root']],
  },
  {
    key: 'iam-policy-changes',
    title: 'IAM policy changes raise an alarm',
    cis: '4.4',
    severity: 'medium',
    threat: 'An attacker with a leaked key attaches admin policies to itself or to new users to keep access after the key is revoked; policy changes are that moment.',
    pattern: `{${IAM_POLICY_EVENTS.map((e) => `($.eventName=${e})`).join('||')}}`,
    metricName: 'iam_changes_metric',
    required: eventNames(...IAM_POLICY_EVENTS),
  },
  {
    key: 'cloudtrail-changes',
    title: 'CloudTrail configuration changes raise an alarm',
    cis: '4.5',
    severity: 'high',
    threat: 'Stopping or deleting a trail is how an attacker blinds you before acting; without an alarm you learn it from the bill.',
    pattern: `{ ${TRAIL_EVENTS.map((e) => `($.eventName = ${e})`).join(' || ')} }`,
    metricName: 'cloudtrail_cfg_changes_metric',
    required: eventNames(...TRAIL_EVENTS),
  },
  {
    key: 'console-auth-failures',
    title: 'Console authentication failures raise an alarm',
    cis: '4.6',
    severity: 'medium',
    threat: 'Repeated failed console sign-ins are password guessing against your users or root; the alarm gives the source IP before a guess succeeds.',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    metricName: 'console_signin_failure_metric',
    required: [['$.eventName=ConsoleLogin'], ['$.errorMessage=Failed authentication']],
  },
];
