import { fail, pass, withRead, type Check, type Result } from '../../check.js';
import { sh } from '../../../util/shell.js';
import { CLASS_TEXT, classRank, evaluate, principalDocuments, unreadablePolicies, userPrivilege, type Privilege } from '../../iam/policy.js';
import type { Authorization } from '../../snapshot.js';

type Kind = 'user' | 'group' | 'role';

function fixFor(kind: Kind, name: string, auth: Authorization): string {
  const entity = kind === 'user' ? auth.users.find((u) => u.name === name) : kind === 'group' ? auth.groups.find((g) => g.name === name) : auth.roles.find((r) => r.name === name);
  if (!entity) return '';
  const flag = `--${kind}-name ${sh(name)}`;
  // Rights that come through a group are removed by leaving the group.
  const groups: string[] = kind === 'user' ? auth.users.find((u) => u.name === name)?.groups ?? [] : [];
  const viaGroups = groups.filter((g) => classRank(evaluate(principalDocuments(auth, 'group', g)).class) >= classRank('iam-write'));
  const lines = [
    ...viaGroups.map((g) => `aws iam remove-user-from-group --user-name ${sh(name)} --group-name ${sh(g)}`),
    ...entity.attached.map((p) => `aws iam detach-${kind}-policy ${flag} --policy-arn ${sh(p.arn)}`),
    ...entity.inline.map((p) => `aws iam delete-${kind}-policy ${flag} --policy-name ${sh(p.name)}`),
  ];
  return [
    `# Review first: keep only what ${kind} ${name} needs, then attach a least-privilege policy.`,
    ...lines,
    `aws iam attach-${kind}-policy ${flag} --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess  # or your own scoped policy`,
  ].join('\n');
}

function assess(kind: Kind, name: string, arn: string, priv: Privilege, auth: Authorization, unread: string[]): Result {
  const risky = classRank(priv.class) >= classRank('iam-write') || priv.escalations.length > 0;
  const lowerBound = unread.length ? ` Policies not readable (evaluation is a lower bound): ${unread.join(', ')}.` : '';
  if (!risky) return pass(arn, 'global', `${kind} ${name}: ${CLASS_TEXT[priv.class]}.${lowerBound}`, { class: priv.class });
  const parts = [
    `${kind} ${name}: ${CLASS_TEXT[priv.class]}`,
    priv.grants.length ? `grants: ${priv.grants.join('; ')}` : '',
    priv.escalations.length ? `escalation paths: ${priv.escalations.join('; ')}` : '',
  ].filter(Boolean);
  // Users hold long-lived credentials; a role is reached only through its trust policy.
  const severity = kind === 'role' ? (priv.class === 'admin' ? 'medium' : 'low') : priv.class === 'admin' || priv.class === 'power-user' ? 'high' : 'medium';
  return fail(arn, 'global', `${parts.join('. ')}.${lowerBound}`, { cli: fixFor(kind, name, auth) }, {
    severity,
    details: { class: priv.class, grants: priv.grants, escalations: priv.escalations, conditional: priv.conditional },
  });
}

export const privilegedPrincipals: Check = {
  meta: {
    id: 'iam.privileged-principals',
    title: 'Users, groups and roles with administrator, power-user or privilege-escalation rights',
    service: 'iam',
    severity: 'high',
    threat:
      'A leaked key or password of a principal that can do everything — or can grant itself everything — turns one mistake into a full account takeover: new users and keys for persistence, instances in every region.',
    cis: '1.15',
    pci: '7.2.1',
  },
  run({ snap }) {
    return withRead(snap.iam.authorization, `arn:${snap.account.partition}:iam::${snap.account.id}:policy/*`, 'global', (auth) => [
      ...auth.users.map((u) => assess('user', u.name, u.arn, userPrivilege(auth, u), auth, unreadablePolicies(auth, u.attached))),
      ...auth.groups.map((g) => assess('group', g.name, g.arn, evaluate(principalDocuments(auth, 'group', g.name)), auth, unreadablePolicies(auth, g.attached))),
      ...auth.roles
        .filter((r) => !r.serviceLinked)
        .map((r) => assess('role', r.name, r.arn, evaluate(principalDocuments(auth, 'role', r.name)), auth, unreadablePolicies(auth, r.attached))),
    ]);
  },
};
