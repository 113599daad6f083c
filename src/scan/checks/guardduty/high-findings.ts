import { sh } from '../../../util/shell.js';
import { fail, notAssessed, pass, withRead, type Check, type Result, type Severity, regionalArn } from '../../check.js';

/**
 * Finding families that mean the account is already being abused or taken
 * over, as opposed to exposure to be fixed: surfaced as critical.
 */
const TAKEOVER = [/^CryptoCurrency:/, /^UnauthorizedAccess:IAMUser\//, /^CredentialAccess:/, /^PrivilegeEscalation:/, /^Persistence:IAMUser\//, /^Impact:IAMUser\//, /^Exfiltration:/, /^Stealth:IAMUser\/CloudTrailLoggingDisabled/, /^Backdoor:/];

export const severityOf = (type: string): Severity => (TAKEOVER.some((r) => r.test(type)) ? 'critical' : 'high');

export const guardDutyHighFindings: Check = {
  meta: {
    id: 'guardduty.high-findings',
    title: 'No active high-severity GuardDuty findings',
    service: 'guardduty',
    severity: 'high',
    threat:
      'An active high-severity finding is an attack GuardDuty has already seen: a miner on instances started with a leaked key, credentials used from an unusual place. Every hour unanswered is money and access lost.',
    pci: '12.10.5',
  },
  run(ctx) {
    const { snap } = ctx;
    return snap.regions.flatMap((region): Result[] => {
      const base = regionalArn(snap, 'guardduty', region, 'detector');
      return withRead(snap.guardduty[region], base, region, (gd) => {
        const detector = gd.detectors.find((d) => d.status === 'ENABLED');
        // No detector, no findings to read: that is not a clean bill of health (guardduty.enabled reports the gap).
        if (!detector) return [notAssessed(base, region, `GuardDuty is not enabled in ${region}, so there are no findings to read`)];
        const resource = `${base}/${detector.id}`;
        return withRead(gd.highFindings, resource, region, (groups) => {
          if (!groups.length) return [pass(resource, region, 'No active finding of severity 7 or more.')];
          return groups.map((g) =>
            fail(
              `${resource}/finding-type/${g.type}`,
              region,
              `${g.count} active finding${g.count === 1 ? '' : 's'} ${g.type} (severity ${g.severity}): ${g.title}`,
              {
                cli: `aws guardduty get-findings --detector-id ${sh(detector.id)} --region ${sh(region)} --finding-ids $(aws guardduty list-findings --detector-id ${sh(detector.id)} --region ${sh(region)} --max-items 50 --query FindingIds --output text --finding-criteria ${sh(JSON.stringify({ Criterion: { type: { Equals: [g.type] }, 'service.archived': { Equals: ['false'] } } }))})`,
                console: `GuardDuty console (${region}) → Findings → filter Finding type = ${g.type}: identify the resource and the access key or role involved. If an access key is named, treat it as leaked: deactivate it (do not delete it yet), then terminate what it created in every region, then archive the findings.`,
              },
              { severity: severityOf(g.type), details: { type: g.type, count: g.count, severity: g.severity } },
            ),
          );
        });
      });
    });
  },
};
