import { fail, pass, withRead, type Check } from '../../check.js';
import { accountResource, keyLabel, perUserWithActiveKeys, retireKeyCli, type ActiveKey } from '../../iam/credential-report.js';

export const userTwoActiveKeys: Check = {
  meta: {
    id: 'iam.user-two-active-keys',
    title: 'No IAM user has two active access keys',
    service: 'iam',
    severity: 'medium',
    threat:
      'Two active keys means two copies of the user\'s power to leak, usually one forgotten after a rotation; it is also how an attacker who got one key keeps access: the leaked-key script\'s first call is CreateAccessKey.',
    cis: '1.12',
  },
  run({ snap }) {
    return withRead(snap.iam.credentialReport, accountResource(snap), 'global', (report) =>
      perUserWithActiveKeys(snap, report, (row, keys) => {
        if (keys.length < 2) return pass(row.arn, 'global', `${row.user} has one active access key.`);
        // Retire the key used least recently (a never-used key first): the other one is the one in service.
        const idle = [...keys].sort((a, b) => lastUse(a) - lastUse(b))[0]!;
        return fail(row.arn, 'global', `${row.user} has two active access keys: ${keys.map((k) => `${keyLabel(k)} last used ${k.lastUsed ?? 'never'}`).join(', ')}.`, {
          cli: [`# Confirm which key is still in service; the one below was used least recently (${keyLabel(idle)}).`, retireKeyCli(row.user, idle)].join('\n'),
        });
      }),
    );
  },
};

const lastUse = (k: ActiveKey) => (k.lastUsed ? Date.parse(k.lastUsed) : 0);
