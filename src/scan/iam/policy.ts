/**
 * Decides what a principal's policies let an attacker do, from the documents
 * themselves (Action/NotAction, Resource/NotResource, Deny), not from policy
 * names: a customer policy called "ReadOnly" that allows `*` is still admin.
 *
 * Deliberately conservative in one direction: statements with a Condition are
 * not counted as granting (an MFA or source-IP condition is what stops a
 * leaked key), but they are listed so the reader can judge. Service control
 * policies and resource policies are out of scope.
 */
import type { Authorization, IamUser, PolicyDocument, PolicyStatement } from '../snapshot.js';
import { knownManagedDocument, PRIVILEGED_MANAGED } from './managed-policies.js';

export type PrivilegeClass = 'admin' | 'power-user' | 'iam-write' | 'run-instances' | 'write' | 'read-only' | 'none';

export const CLASS_TEXT: Record<PrivilegeClass, string> = {
  admin: 'administrator (every action)',
  'power-user': 'power user (every service but IAM)',
  'iam-write': 'can mint IAM credentials and grant itself more',
  'run-instances': 'can launch EC2 instances',
  write: 'can change some resources',
  'read-only': 'read-only',
  none: 'no permissions',
};
const RANK: PrivilegeClass[] = ['none', 'read-only', 'write', 'run-instances', 'iam-write', 'power-user', 'admin'];
export const classRank = (c: PrivilegeClass) => RANK.indexOf(c);

/** Known paths from a limited identity to more privilege (after Rhino Security Labs' research). */
export const ESCALATION: { actions: string[]; how: string }[] = [
  { actions: ['iam:CreatePolicyVersion'], how: 'rewrite a policy it is attached to' },
  { actions: ['iam:SetDefaultPolicyVersion'], how: 'switch a policy to a more permissive version' },
  { actions: ['iam:CreateAccessKey'], how: "create access keys for other users" },
  { actions: ['iam:CreateLoginProfile'], how: 'give other users a console password' },
  { actions: ['iam:UpdateLoginProfile'], how: "reset other users' console passwords" },
  { actions: ['iam:AttachUserPolicy'], how: 'attach any managed policy to a user' },
  { actions: ['iam:AttachGroupPolicy'], how: 'attach any managed policy to a group' },
  { actions: ['iam:AttachRolePolicy'], how: 'attach any managed policy to a role' },
  { actions: ['iam:PutUserPolicy'], how: 'write an inline policy on a user' },
  { actions: ['iam:PutGroupPolicy'], how: 'write an inline policy on a group' },
  { actions: ['iam:PutRolePolicy'], how: 'write an inline policy on a role' },
  { actions: ['iam:AddUserToGroup'], how: 'join a more privileged group' },
  { actions: ['iam:UpdateAssumeRolePolicy'], how: 'open a role to itself or another account' },
  { actions: ['iam:PassRole', 'ec2:RunInstances'], how: 'launch an instance with a privileged role' },
  { actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], how: 'run code as a privileged role in Lambda' },
  { actions: ['iam:PassRole', 'cloudformation:CreateStack'], how: 'create a stack that runs as a privileged role' },
  { actions: ['iam:PassRole', 'glue:CreateDevEndpoint'], how: 'open a Glue endpoint as a privileged role' },
  { actions: ['lambda:UpdateFunctionCode'], how: 'replace the code of a function that runs as a privileged role' },
];

const IAM_WRITE_PROBES = ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:CreateLoginProfile', 'iam:CreatePolicyVersion'];
// An action of no real service: a policy that allows it allows "everything except...".
const ANY_SERVICE_PROBE = 'mamoriprobe:AnyAction';

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const patternCache = new Map<string, RegExp>();
/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(action);
}

function statements(doc: PolicyDocument): PolicyStatement[] {
  return asArray(doc.Statement);
}

function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return asArray(s.Action).some((p) => actionMatches(p, action));
  if (s.NotAction !== undefined) return !asArray(s.NotAction).some((p) => actionMatches(p, action));
  return false;
}

/** Resource `*`, a wildcard ARN, or NotResource: broad enough to matter for account takeover. */
function broadResource(s: PolicyStatement): boolean {
  if (s.NotResource !== undefined) return true;
  return asArray(s.Resource).some((r) => r.includes('*'));
}

const unconditional = (s: PolicyStatement) => !s.Condition || Object.keys(s.Condition).length === 0;

export interface SourcedDocument {
  /** Where it came from: "AdministratorAccess (attached to group admins)". */
  source: string;
  document: PolicyDocument;
}

/**
 * Whether the documents allow `action` unconditionally and not denied. By
 * default only on a broad resource (what account takeover needs); with
 * `anyResource`, on any resource at all.
 */
export function allows(docs: SourcedDocument[], action: string, anyResource = false): SourcedDocument | undefined {
  for (const d of docs)
    for (const s of statements(d.document))
      if (s.Effect === 'Deny' && unconditional(s) && coversAction(s, action) && broadResource(s)) return undefined;
  return docs.find((d) =>
    statements(d.document).some((s) => s.Effect === 'Allow' && unconditional(s) && coversAction(s, action) && (anyResource || broadResource(s))),
  );
}

/** A statement that allows literally every action on every resource. */
export function allowsEverything(doc: PolicyDocument): boolean {
  return statements(doc).some(
    (s) => s.Effect === 'Allow' && unconditional(s) && asArray(s.Action).some((a) => a === '*' || a === '*:*') && asArray(s.Resource).includes('*'),
  );
}

export interface Privilege {
  class: PrivilegeClass;
  /** Human-readable grants, each with the policy it comes from. */
  grants: string[];
  /** Escalation paths the principal has, each "how (via policy)". */
  escalations: string[];
  /** Statements not counted because they carry a Condition. */
  conditional: string[];
  /** Well-known AWS managed policies attached (AdministratorAccess...). */
  privilegedManaged: string[];
}

const READ_ACTION = /^[a-z0-9-]+:(get|list|describe|head|batchget|lookup|search|view|select|query|scan)[a-z0-9*]*$/i;

/** A concrete action a pattern stands for, to ask `can` about it (denies included). */
const sample = (pattern: string) => pattern.replace(/\*/g, 'Mamori').replace(/\?/g, 'M');

/** Every action (as a sample) that an unconditional Allow statement names. */
function allowedSamples(docs: SourcedDocument[]): { action: string; read: boolean }[] {
  return docs.flatMap((d) =>
    statements(d.document)
      .filter((s) => s.Effect === 'Allow' && unconditional(s))
      .flatMap((s) =>
        s.NotAction !== undefined
          ? [{ action: ANY_SERVICE_PROBE, read: false }]
          : asArray(s.Action).map((a) => ({ action: sample(a), read: READ_ACTION.test(a) || /^\*:(Describe|Get|List)\*$/.test(a) })),
      ),
  );
}

/**
 * Evaluates a set of policy documents, optionally capped by a permissions
 * boundary (an action must be allowed by both).
 */
export function evaluate(docs: SourcedDocument[], boundary?: SourcedDocument): Privilege {
  const can = (action: string, anyResource = false) => {
    const hit = allows(docs, action, anyResource);
    return hit && (!boundary || allows([boundary], action, anyResource)) ? hit : undefined;
  };
  const grants: string[] = [];
  const privilegedManaged = docs.filter((d) => Object.keys(PRIVILEGED_MANAGED).some((n) => d.source.startsWith(`${n} `))).map((d) => d.source);
  let cls: PrivilegeClass = 'none';
  const everything = docs.find((d) => allowsEverything(d.document));
  // "Everything" only if no unconditional Deny takes a meaningful part of it away.
  if (everything && [ANY_SERVICE_PROBE, 'ec2:RunInstances', ...IAM_WRITE_PROBES].every((a) => can(a))) {
    cls = 'admin';
    grants.push(`every action on every resource (${everything.source})`);
  } else if (can(ANY_SERVICE_PROBE) && can('ec2:RunInstances')) {
    cls = 'power-user';
    grants.push(`every service except a few (${can(ANY_SERVICE_PROBE)!.source})`);
    const iam = IAM_WRITE_PROBES.find((a) => can(a));
    if (iam) grants.push(`${iam} (${can(iam)!.source})`);
  } else if (IAM_WRITE_PROBES.some((a) => can(a))) {
    cls = 'iam-write';
    for (const a of IAM_WRITE_PROBES.filter((a) => can(a))) grants.push(`${a} (${can(a)!.source})`);
  } else if (can('ec2:RunInstances')) {
    cls = 'run-instances';
    grants.push(`ec2:RunInstances (${can('ec2:RunInstances')!.source})`);
  } else {
    // Narrowly scoped grants count here: they are still something an attacker can use.
    const usable = allowedSamples(boundary ? [...docs, boundary] : docs).filter((x) => can(x.action, true));
    const write = usable.find((x) => !x.read);
    if (write) {
      cls = 'write';
      grants.push(`write actions (${can(write.action, true)!.source})`);
    } else if (usable.length) cls = 'read-only';
  }
  // iam-write and power-user with IAM probes imply admin-equivalent control; report escalations below admin only.
  const escalations =
    cls === 'admin'
      ? []
      : ESCALATION.filter((e) => e.actions.every((a) => can(a))).map((e) => `${e.how} (${e.actions.join(' + ')} via ${can(e.actions[0]!)!.source})`);
  const conditional = docs.flatMap((d) =>
    statements(d.document)
      .filter((s) => s.Effect === 'Allow' && !unconditional(s))
      .map((s) => `${d.source}: ${asArray(s.Action ?? s.NotAction).slice(0, 3).join(', ')} when ${Object.keys(s.Condition!).join(', ')}`),
  );
  return { class: cls, grants, escalations, conditional, privilegedManaged };
}

/** Documents of a managed policy by ARN: from the account's details, else the built-in table. */
function managedDoc(auth: Authorization, arn: string): PolicyDocument | undefined {
  return auth.policies.find((p) => p.arn === arn)?.document ?? knownManagedDocument(arn);
}

function attachedDocs(auth: Authorization, attached: { name: string; arn: string }[], via: string): SourcedDocument[] {
  return attached.flatMap((p) => {
    const document = managedDoc(auth, p.arn);
    return document ? [{ source: `${p.name} (${via})`, document }] : [];
  });
}

/** Every policy document that applies to a principal, with where it comes from. */
export function principalDocuments(auth: Authorization, kind: 'user' | 'group' | 'role', name: string): SourcedDocument[] {
  if (kind === 'group') {
    const g = auth.groups.find((x) => x.name === name);
    if (!g) return [];
    return [...attachedDocs(auth, g.attached, `attached to group ${g.name}`), ...g.inline.map((p) => ({ source: `${p.name} (inline on group ${g.name})`, document: p.document }))];
  }
  if (kind === 'role') {
    const r = auth.roles.find((x) => x.name === name);
    if (!r) return [];
    return [...attachedDocs(auth, r.attached, 'attached'), ...r.inline.map((p) => ({ source: `${p.name} (inline)`, document: p.document }))];
  }
  const u = auth.users.find((x) => x.name === name);
  if (!u) return [];
  return [
    ...attachedDocs(auth, u.attached, 'attached'),
    ...u.inline.map((p) => ({ source: `${p.name} (inline)`, document: p.document })),
    ...u.groups.flatMap((g) => principalDocuments(auth, 'group', g)),
  ];
}

export function userPrivilege(auth: Authorization, user: IamUser): Privilege {
  const boundaryDoc = user.permissionsBoundary ? managedDoc(auth, user.permissionsBoundary) : undefined;
  return evaluate(principalDocuments(auth, 'user', user.name), boundaryDoc ? { source: 'permissions boundary', document: boundaryDoc } : undefined);
}

/**
 * Managed policies attached to a principal that we could not read: the
 * evaluation above is then a lower bound, and says so.
 */
export function unreadablePolicies(auth: Authorization, attached: { name: string; arn: string }[]): string[] {
  return attached.filter((p) => !managedDoc(auth, p.arn)).map((p) => p.name);
}
