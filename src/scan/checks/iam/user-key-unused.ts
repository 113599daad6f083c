import { fail, pass, withRead, type Check } from '../../check.js';
import { accountResource, keyLabel, perUserWithActiveKeys, reportAge, retireKeyCli } from '../../iam/credential-report.js';

const UNUSED_DAYS = 45;

export const userKeyUnused: Check = {
  meta: {
    id: 'iam.user-key-unused',
    title: 'No active access key unused for 45 days or more',
    service: 'iam',
    severity: 'medium',
    threat:
      'A key nobody uses is a key nobody would miss or notice: if a copy of it leaked, its first use would be the attacker\'s. Unused credentials are pure risk.',
    cis: '1.11',
    pci: '8.2.6',
  },
  run({ snap, now }) {
    return withRead(snap.iam.credentialReport, accountResource(snap), 'global', (report) =>
      perUserWithActiveKeys(snap, report, (row, keys) => {
        const stale = keys.flatMap((k) => {
          const idle = reportAge(k.lastUsed, now);
          if (idle !== undefined) return idle >= UNUSED_DAYS ? [{ k, why: `${keyLabel(k)} last used ${idle} days ago` }] : [];
          // Never used: what counts is how long it has sat there since creation.
          const age = reportAge(k.created, now);
          return age !== undefined && age >= UNUSED_DAYS ? [{ k, why: `${keyLabel(k)} never used since its creation ${age} days ago` }] : [];
        });
        if (stale.length === 0) return pass(row.arn, 'global', `${row.user}'s active key(s) were used within ${UNUSED_DAYS} days or are newer than that.`);
        return fail(row.arn, 'global', `${row.user}: ${stale.map((s) => s.why).join('; ')}.`, {
          cli: stale.map(({ k }) => retireKeyCli(row.user, k)).join('\n'),
        });
      }),
    );
  },
};
