/**
 * Takeover paths: for every IAM user with an active access key, what an
 * attacker holding that key could do and what would (not) stop or notice
 * them. This is the ranking no popular scanner gives: the report opens with
 * these, most dangerous first, each linking the findings it is built from.
 */
import { fail, pass, daysSince, type Finding, type Result, type Severity } from './check.js';
import { CLASS_TEXT, classRank, userPrivilege, type PrivilegeClass } from './iam/policy.js';
import { activeKeys } from './iam/credential-report.js';
import type { AccountSnapshot } from './snapshot.js';
import { sh } from '../util/shell.js';

export const TAKEOVER_CHECK = {
  id: 'takeover.access-key',
  title: 'Takeover path through an IAM user access key',
  service: 'iam',
  severity: 'critical' as Severity,
  threat:
    'Leaked access keys are the most common way in: a key pushed to a public repository was abused within minutes to launch instances in every region ($500 in the first hour). MFA does not protect keys.',
};

const CLASS_WEIGHT: Record<PrivilegeClass, number> = {
  admin: 100,
  'power-user': 90,
  'iam-write': 85,
  'run-instances': 70,
  write: 40,
  'read-only': 15,
  none: 0,
};

interface Coverage {
  /** Regions without an enabled GuardDuty detector (among those that could be read). */
  guardDutyOff: string[];
  guardDutyUnknown: string[];
  /** Whether a budget with a notification or a billing alarm exists; undefined when unknown. */
  costAlarm?: boolean;
  /** Alarm checks that fail (would not fire) / could not be assessed. */
  alarmsMissing: Finding[];
  alarmsUnknown: Finding[];
}

function coverage(snap: AccountSnapshot, findings: Finding[]): Coverage {
  const guardDutyOff: string[] = [];
  const guardDutyUnknown: string[] = [];
  for (const r of snap.regions) {
    const read = snap.guardduty[r];
    if (!read || !read.ok) guardDutyUnknown.push(r);
    else if (!read.value.detectors.some((d) => d.status === 'ENABLED')) guardDutyOff.push(r);
  }
  const budgets = snap.billing.budgets;
  const billingAlarm = Object.values(snap.alarms).some(
    (a) => a.ok && a.value.some((x) => x.namespace === 'AWS/Billing' && x.metricName === 'EstimatedCharges' && x.actionsEnabled && x.actions.length > 0),
  );
  let costAlarm: boolean | undefined;
  if (billingAlarm) costAlarm = true;
  else if (budgets.ok) costAlarm = budgets.value.some((b) => b.type === 'COST' && b.notifications.some((n) => n.subscribers > 0));
  const alarms = findings.filter((f) => f.checkId.startsWith('cloudwatch.alarm-'));
  return {
    guardDutyOff,
    guardDutyUnknown,
    ...(costAlarm === undefined ? {} : { costAlarm }),
    alarmsMissing: alarms.filter((f) => f.status === 'FAIL'),
    alarmsUnknown: alarms.filter((f) => f.status === 'NOT_ASSESSED'),
  };
}

function severityOf(score: number): Severity {
  if (score >= 110) return 'critical';
  if (score >= 80) return 'high';
  if (score >= 40) return 'medium';
  return 'low';
}

/** Derives one takeover-path result per user with an active key. */
export function takeoverPaths(snap: AccountSnapshot, findings: Finding[], now: Date): Result[] {
  const auth = snap.iam.authorization;
  const report = snap.iam.credentialReport;
  if (!auth.ok || !report.ok) return [];
  const cov = coverage(snap, findings);
  const results: Result[] = [];
  for (const row of report.value) {
    if (row.user === '<root_account>') continue;
    const user = auth.value.users.find((u) => u.name === row.user);
    if (!user) continue;
    const active = activeKeys(snap, row);
    if (!active.length) continue;
    const priv = userPrivilege(auth.value, user);
    const oldest = Math.max(...active.map((k) => daysSince(k.created, now) ?? 0));
    const lastUsed = active.map((k) => daysSince(k.lastUsed, now)).filter((d): d is number => d !== undefined);
    const keyIds = active.flatMap((k) => (k.id ? [k.id] : []));

    const weight = CLASS_WEIGHT[priv.class];
    const canRun = classRank(priv.class) >= classRank('run-instances');
    let score = weight;
    if (weight > 0) {
      score += Math.min(oldest / 365, 2) * 5; // older keys have had more chances to leak
      if (canRun) score += (cov.guardDutyOff.length / Math.max(snap.regions.length, 1)) * 20;
      if (canRun && cov.costAlarm === false) score += 10;
      score += Math.min(cov.alarmsMissing.length, 6) * 2;
      score += Math.min(priv.escalations.length, 3) * 3;
    }
    score = Math.round(score);

    const keyText = `${keyIds.length === active.length ? keyIds.join(', ') : `${active.length} active key(s)`} ${oldest} days old${lastUsed.length ? `, last used ${Math.min(...lastUsed)} days ago` : ', never used'}`;
    const consequences: string[] = [];
    if (canRun) consequences.push(`RunInstances works in ${snap.regions.length} regions`);
    if (classRank(priv.class) >= classRank('iam-write')) consequences.push('it can create users and keys to stay in after the key is revoked');
    else if (priv.escalations.length) consequences.push(`it can escalate: ${priv.escalations[0]}`);
    if (canRun) {
      if (cov.guardDutyOff.length) consequences.push(`GuardDuty is off in ${cov.guardDutyOff.length} of them`);
      if (cov.guardDutyUnknown.length) consequences.push(`GuardDuty could not be checked in ${cov.guardDutyUnknown.length}`);
      if (cov.costAlarm === false) consequences.push('no budget or billing alarm exists');
      else if (cov.costAlarm === undefined) consequences.push('whether a budget alarm exists could not be read');
    }
    if (cov.alarmsMissing.length) consequences.push(`${cov.alarmsMissing.length} CloudTrail alarm(s) would not fire`);
    const reason = `${row.user}: active key ${keyText} — ${CLASS_TEXT[priv.class]}${priv.grants.length ? ` (${priv.grants[0]})` : ''}${consequences.length ? ` — if it leaks, ${consequences.join(', ')}` : ''}.`;

    const related = findings
      .filter(
        (f) =>
          f.status === 'FAIL' &&
          ((f.resource === user.arn && f.checkId.startsWith('iam.')) ||
            (canRun && (f.checkId === 'guardduty.enabled' || f.checkId === 'billing.budget-alarm')) ||
            f.checkId.startsWith('cloudwatch.alarm-')),
      )
      .map((f) => f.id);
    const details = { user: row.user, class: priv.class, keyIds, keyAgeDays: oldest, score, guardDutyOff: cov.guardDutyOff.length, costAlarm: cov.costAlarm, related };
    if (weight === 0) {
      results.push(pass(user.arn, 'global', `${row.user}: active key but no permissions.`, details));
      continue;
    }
    const fix = [
      `# If the key is needed, move the workload to a role (no long-lived key); otherwise deactivate it:`,
      ...(keyIds.length ? keyIds : ['<ACCESS_KEY_ID>']).map((k) => `aws iam update-access-key --user-name ${sh(row.user)} --access-key-id ${k} --status Inactive`),
      ...(classRank(priv.class) >= classRank('run-instances') ? user.attached.filter((p) => /AdministratorAccess|PowerUserAccess|IAMFullAccess/.test(p.name)).map((p) => `aws iam detach-user-policy --user-name ${sh(row.user)} --policy-arn ${sh(p.arn)}`) : []),
      ...(cov.guardDutyOff.length && canRun ? [`for r in ${cov.guardDutyOff.join(' ')}; do aws guardduty create-detector --enable --region $r; done`] : []),
    ].join('\n');
    results.push(fail(user.arn, 'global', reason, { cli: fix }, { severity: severityOf(score), details }));
  }
  return results;
}


