import { fail, pass, withRead, type Check } from '../../check.js';
import { sh } from '../../../util/shell.js';
import { accountResource, hasTwoKeys, keyIdCli, keyLabel, perUserWithActiveKeys, reportAge } from '../../iam/credential-report.js';

const MAX_AGE_DAYS = 90;

export const userKeyRotation: Check = {
  meta: {
    id: 'iam.user-key-rotation',
    title: 'Active access keys are rotated within 90 days',
    service: 'iam',
    severity: 'medium',
    threat:
      'An access key is a password MFA cannot protect. The older it is, the more laptops, CI systems, scripts and repositories it has passed through, and a copy leaked years ago still works today.',
    cis: '1.13',
    pci: '8.3.9',
  },
  run({ snap, now }) {
    return withRead(snap.iam.credentialReport, accountResource(snap), 'global', (report) =>
      perUserWithActiveKeys(snap, report, (row, keys) => {
        const old = keys.flatMap((k) => {
          const age = reportAge(k.created, now);
          return age !== undefined && age > MAX_AGE_DAYS ? [{ k, age }] : [];
        });
        if (old.length === 0) return pass(row.arn, 'global', `${row.user}'s active key(s) are at most ${MAX_AGE_DAYS} days old.`);
        const u = sh(row.user);
        const steps = old.flatMap(({ k }) => {
          const { prelude, arg } = keyIdCli(row.user, k);
          return [
            ...prelude,
            `aws iam update-access-key --user-name ${u} --access-key-id ${arg} --status Inactive`,
            `# once nothing broke, delete it:`,
            `aws iam delete-access-key --user-name ${u} --access-key-id ${arg}`,
          ];
        });
        return fail(
          row.arn,
          'global',
          `${row.user} has ${old.map(({ k, age }) => `${keyLabel(k)} ${age} days old`).join(' and ')} (limit ${MAX_AGE_DAYS}).`,
          {
            cli: [
              ...(hasTwoKeys(row) ? [`# ${row.user} already holds two keys, the most IAM allows: delete the one not in use before creating a new one.`] : []),
              `aws iam create-access-key --user-name ${u}`,
              `# put the new key wherever the old one is used (or better, replace the key with an IAM role), then retire the old one:`,
              ...steps,
            ].join('\n'),
          },
          { details: { keys: old.map(({ k, age }) => ({ slot: k.slot, id: k.id, ageDays: age })) } },
        );
      }),
    );
  },
};
