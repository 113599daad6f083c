import { fail, pass, withRead, type Check, type Result } from '../../check.js';
import { sh } from '../../../util/shell.js';
import { allowsEverything } from '../../iam/policy.js';

export const fullAdminPolicy: Check = {
  meta: {
    id: 'iam.full-admin-policy',
    title: 'No customer managed or inline policy allows "*" on "*"',
    service: 'iam',
    severity: 'high',
    threat:
      'A hand-written policy that allows every action is AdministratorAccess under another name: it hides full control from reviews that look for the AWS managed policy by name.',
    cis: '1.15',
    pci: '7.2.2',
  },
  run({ snap }) {
    return withRead(snap.iam.authorization, `arn:${snap.account.partition}:iam::${snap.account.id}:policy/*`, 'global', (auth) => {
      const results: Result[] = [];
      for (const p of auth.policies.filter((p) => !p.awsManaged && p.document)) {
        if (!allowsEverything(p.document!)) results.push(pass(p.arn, 'global', `Policy ${p.name} does not allow every action.`));
        else
          results.push(
            fail(p.arn, 'global', `Customer managed policy ${p.name} allows "*" on "*" and is attached ${p.attachmentCount} time(s).`, {
              cli: `# Detach it from every user, group and role, then replace it with scoped statements:\naws iam list-entities-for-policy --policy-arn ${sh(p.arn)}\naws iam create-policy-version --policy-arn ${sh(p.arn)} --policy-document file://scoped-policy.json --set-as-default`,
            }),
          );
      }
      const owners = [
        ...auth.users.map((u) => ['user', u.name, u.arn, u.inline] as const),
        ...auth.groups.map((g) => ['group', g.name, g.arn, g.inline] as const),
        ...auth.roles.filter((r) => !r.serviceLinked).map((r) => ['role', r.name, r.arn, r.inline] as const),
      ];
      for (const [kind, name, arn, inline] of owners)
        for (const p of inline.filter((p) => allowsEverything(p.document)))
          results.push(
            fail(`${arn}/inline/${p.name}`, 'global', `Inline policy ${p.name} on ${kind} ${name} allows "*" on "*".`, {
              cli: `aws iam delete-${kind}-policy --${kind}-name ${sh(name)} --policy-name ${sh(p.name)}`,
            }),
          );
      if (!results.length) results.push(pass(`arn:${snap.account.partition}:iam::${snap.account.id}:policy/*`, 'global', 'No customer managed or inline policy allows every action.'));
      return results;
    });
  },
};
