import { fail, pass, withRead, type Check, type Result } from '../../check.js';
import { sh } from '../../../util/shell.js';
import { accountResource, reportAge, userRows } from '../../iam/credential-report.js';

const UNUSED_DAYS = 45;

/** Console passwords unused for 45 days; unused access keys are iam.user-key-unused. */
export const userUnusedCredentials: Check = {
  meta: {
    id: 'iam.user-unused-credentials',
    title: 'No console password unused for 45 days or more',
    service: 'iam',
    severity: 'medium',
    threat:
      'A password nobody uses belongs to someone who left or forgot it: it can still be phished, guessed or reused from another breach, and a sign-in with it would surprise no one watching.',
    cis: '1.11',
    pci: '8.2.6',
  },
  run({ snap, now }) {
    return withRead(snap.iam.credentialReport, accountResource(snap), 'global', (report) => {
      const console = userRows(report).filter((r) => r.password_enabled === 'true');
      if (console.length === 0) return [pass(accountResource(snap), 'global', 'No IAM user has a console password.')];
      return console.map((r): Result => {
        const idle = reportAge(r.password_last_used, now);
        let why: string | undefined;
        if (idle !== undefined) {
          if (idle >= UNUSED_DAYS) why = `password last used ${idle} days ago`;
        } else {
          // N/A or no_information: never used (since 2014); count from when the password was set.
          const set = reportAge(r.password_last_changed, now) ?? reportAge(r.user_creation_time, now);
          if (set === undefined || set >= UNUSED_DAYS) why = `password never used${set !== undefined ? ` since it was set ${set} days ago` : ''}`;
        }
        if (!why) return pass(r.arn, 'global', `${r.user}'s password was used within ${UNUSED_DAYS} days or is newer than that.`);
        return fail(r.arn, 'global', `${r.user}: ${why}.`, {
          cli: `aws iam delete-login-profile --user-name ${sh(r.user)}`,
          console: `IAM → Users → ${r.user} → Security credentials → Console sign-in → Disable console access. A new password can be set later if the person needs it again.`,
        });
      });
    });
  },
};
