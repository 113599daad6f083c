/**
 * Who is calling, as the fake's accounts know it: the scanner/responder (the
 * account's `callerArn`, unrestricted, as before), an IAM user by one of its
 * access keys, or a session obtained with GetSessionToken / AssumeRole.
 *
 * Only what respond needs to be faithful about is modelled: an Inactive or
 * deleted key is refused like AWS refuses it (InvalidClientTokenId), a
 * user's calls are allowed only by its policies (unconditional Allow, as
 * src/scan/iam/policy.ts reads them), and an explicit Deny conditioned on
 * `aws:TokenIssueTime` revokes sessions issued before the given time. Long-term
 * keys carry no aws:TokenIssueTime, so that Deny does not apply to them —
 * as in IAM.
 */
import { allows, asArray, type SourcedDocument } from '../../src/scan/iam/policy.js';
import type { PolicyDocument } from '../../src/scan/snapshot.js';
import { accessDenied, FakeError } from './errors.js';
import { accountWide, type FakeAccount, type FakeKey, type FakeUser } from './state.js';

export interface FakeSession {
  accessKeyId: string;
  /** The user that obtained it (GetSessionToken, GetFederationToken) or the role it is for (AssumeRole). */
  user?: string;
  role?: string;
  sessionName?: string;
  issued: Date;
  expires: Date;
}

export type FakePrincipal =
  | { kind: 'caller'; arn: string }
  | { kind: 'user'; arn: string; user: FakeUser; key: FakeKey }
  | { kind: 'session'; arn: string; session: FakeSession; user?: FakeUser };

interface CredentialState {
  sessions: Map<string, FakeSession>;
  /** Keys that existed and were deleted: AWS refuses them, it does not fall back to anyone. */
  deleted: Set<string>;
}

export const credentialState = (a: FakeAccount) =>
  accountWide<CredentialState>(a, 'credentials', () => ({ sessions: new Map(), deleted: new Set() }));

const invalidToken = () => new FakeError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);

export function findKey(a: FakeAccount, accessKeyId: string): { user: FakeUser; key: FakeKey } | undefined {
  for (const user of a.iam.users.values()) {
    const key = user.keys.find((k) => k.id === accessKeyId);
    if (key) return { user, key };
  }
  return undefined;
}

export function userArn(a: FakeAccount, u: FakeUser): string {
  return `arn:aws:iam::${a.id}:user${u.path}${u.name}`;
}

export function resolvePrincipal(a: FakeAccount, accessKeyId: string, now = new Date()): FakePrincipal {
  const creds = credentialState(a);
  if (creds.deleted.has(accessKeyId)) throw invalidToken();
  const owned = findKey(a, accessKeyId);
  if (owned) {
    if (owned.key.status !== 'Active') throw invalidToken();
    return { kind: 'user', arn: userArn(a, owned.user), user: owned.user, key: owned.key };
  }
  const session = creds.sessions.get(accessKeyId);
  if (session) {
    if (session.expires <= now) throw new FakeError('ExpiredToken', 'The security token included in the request is expired', 400);
    if (session.role) {
      return { kind: 'session', arn: `arn:aws:sts::${a.id}:assumed-role/${session.role}/${session.sessionName ?? 'session'}`, session };
    }
    const user = a.iam.users.get(session.user ?? '');
    // A session outlives neither its user nor, for GetSessionToken, its key; federation tokens do outlive the key.
    if (!user) throw invalidToken();
    return { kind: 'session', arn: userArn(a, user), session, user };
  }
  return { kind: 'caller', arn: a.callerArn };
}

function documentsOf(a: FakeAccount, kind: 'user' | 'role', name: string): SourcedDocument[] {
  const docs: SourcedDocument[] = [];
  const entity = kind === 'user' ? a.iam.users.get(name) : a.iam.roles.get(name);
  if (!entity) return docs;
  const managed = (arn: string) => a.iam.policies.get(arn)?.document;
  for (const arn of entity.attached) {
    const d = managed(arn);
    if (d) docs.push({ source: arn, document: d });
  }
  for (const [n, d] of Object.entries(entity.inline)) docs.push({ source: n, document: d });
  if (kind === 'user')
    for (const g of (entity as FakeUser).groups) {
      const group = a.iam.groups.get(g);
      if (!group) continue;
      for (const arn of group.attached) {
        const d = managed(arn);
        if (d) docs.push({ source: arn, document: d });
      }
      for (const [n, d] of Object.entries(group.inline)) docs.push({ source: n, document: d });
    }
  return docs;
}

/** `{"DateLessThan": {"aws:TokenIssueTime": "..."}}`: true when the token was issued before that time. */
function revokedByTokenIssueTime(doc: PolicyDocument, action: string, issued: Date | undefined): boolean {
  for (const s of asArray(doc.Statement)) {
    if (s.Effect !== 'Deny') continue;
    if (!asArray(s.Action).some((p) => p === '*' || p.toLowerCase() === action.toLowerCase())) continue;
    const cond = s.Condition as Record<string, Record<string, string>> | undefined;
    const before = cond?.DateLessThan?.['aws:TokenIssueTime'];
    if (!cond || Object.keys(cond).length === 0) return true;
    // Long-term keys have no aws:TokenIssueTime: the condition does not match, the Deny does not apply.
    if (before && issued && issued < new Date(before)) return true;
  }
  return false;
}

/** EC2 names its refusal UnauthorizedOperation; the other services AccessDenied. */
function denied(action: string, arn: string): FakeError {
  if (action.startsWith('ec2:')) return new FakeError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
  return accessDenied(action, arn);
}

/** Throws the service's access-denied error; the scanner/responder identity is not restricted. */
export function authorize(a: FakeAccount, p: FakePrincipal, action: string): void {
  if (p.kind === 'caller') return;
  const issued = p.kind === 'session' ? p.session.issued : undefined;
  const entity: ['user' | 'role', string] | undefined =
    p.kind === 'user' ? ['user', p.user.name] : p.session.role ? ['role', p.session.role] : p.user ? ['user', p.user.name] : undefined;
  if (!entity) throw denied(action, p.arn);
  const docs = documentsOf(a, entity[0], entity[1]);
  if (docs.some((d) => revokedByTokenIssueTime(d.document, action, issued))) throw denied(action, p.arn);
  // GetFederationToken sessions are limited to the user's policies (no session policy modelled).
  if (!allows(docs, action)) throw denied(action, p.arn);
}
