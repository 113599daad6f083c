import { fail, notAssessed, pass, withRead, type Check } from '../../check.js';
import { reportAge, rootArn, rootRow } from '../../iam/credential-report.js';

/** CIS looks back 90 days; root should be used only for the few tasks that need it. */
const WINDOW_DAYS = 90;

export const rootRecentUse: Check = {
  meta: {
    id: 'iam.root-recent-use',
    title: 'Root user not used in the last 90 days',
    service: 'iam',
    severity: 'high',
    threat:
      'Root cannot be limited by any policy and can close the account. Using it day to day multiplies the chances its password, MFA or keys are phished or leaked, and hides an attacker\'s root use among the owner\'s.',
    cis: '1.6',
    pci: '8.2.2',
  },
  run({ snap, now }) {
    const resource = rootArn(snap);
    return withRead(snap.iam.credentialReport, resource, 'global', (report) => {
      const row = rootRow(report);
      if (!row) return [notAssessed(resource, 'global', 'the credential report has no <root_account> row')];
      // 'N/A' and 'no_information' are not dates: reportAge treats them as "not used".
      const uses = [
        { what: 'password (console sign-in)', column: row.password_last_used },
        { what: 'access key 1', column: row.access_key_1_last_used_date },
        { what: 'access key 2', column: row.access_key_2_last_used_date },
      ].flatMap(({ what, column }) => {
        const age = reportAge(column, now);
        return age !== undefined && age < WINDOW_DAYS ? [`${what} ${age} day(s) ago (${column})`] : [];
      });
      if (uses.length === 0) return [pass(resource, 'global', `Root has not signed in or used an access key in the last ${WINDOW_DAYS} days.`)];
      const byScan = snap.account.callerArn.endsWith(':root') ? ' This scan itself ran as root, which counts: scan with a read-only role instead.' : '';
      return [
        fail(resource, 'global', `Root was used in the last ${WINDOW_DAYS} days: ${uses.join('; ')}.${byScan}`, {
          console:
            'Review what root did: CloudTrail → Event history → filter "User name" = root, last 90 days; confirm every event was you. ' +
            'Then stop using root: do daily work through IAM Identity Center or IAM roles with least privilege, and keep root for the tasks only it can do (https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html). ' +
            'Alert on any root use with a CloudTrail metric filter and alarm (CIS 4.3).',
        }),
      ];
    });
  },
};
