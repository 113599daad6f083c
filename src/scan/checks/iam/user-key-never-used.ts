import { fail, pass, withRead, type Check } from '../../check.js';
import { accountResource, keyLabel, perUserWithActiveKeys, reportAge, retireKeyCli } from '../../iam/credential-report.js';

export const userKeyNeverUsed: Check = {
  meta: {
    id: 'iam.user-key-never-used',
    title: 'No active access key that has never been used',
    service: 'iam',
    severity: 'low',
    threat:
      'A key created and never used was not needed, yet it can leak like any other (console users often get one "just in case" at setup); its first use may well be an attacker\'s.',
    // CIS 1.10 (no access keys at initial setup for console users) is audited exactly this way.
    cis: '1.10',
  },
  run({ snap, now }) {
    return withRead(snap.iam.credentialReport, accountResource(snap), 'global', (report) =>
      perUserWithActiveKeys(snap, report, (row, keys) => {
        const unused = keys.filter((k) => !k.lastUsed);
        if (unused.length === 0) return pass(row.arn, 'global', `Every active key of ${row.user} has been used.`);
        const what = unused.map((k) => {
          const age = reportAge(k.created, now);
          return `${keyLabel(k)} never used${age !== undefined ? ` (created ${age} days ago)` : ''}`;
        });
        return fail(row.arn, 'global', `${row.user}: ${what.join('; ')}.`, { cli: unused.map((k) => retireKeyCli(row.user, k)).join('\n') });
      }),
    );
  },
};
