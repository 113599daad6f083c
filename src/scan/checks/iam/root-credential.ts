/**
 * Root access keys and root signing certificates are judged the same way:
 * GetAccountSummary is live and authoritative, the credential report (up to
 * four hours old) adds which slot is active, and stands in only when the
 * summary could not be read.
 */
import { fail, notAssessed, pass, type Fix, type Result } from '../../check.js';
import type { AccountSnapshot } from '../../snapshot.js';
import { reportDate, rootArn, rootRow } from '../../iam/credential-report.js';
import { sh } from '../../../util/shell.js';

export interface RootCredentialKind {
  /** "access key", "signing certificate" */
  noun: string;
  summaryKey: 'AccountAccessKeysPresent' | 'AccountSigningCertificatesPresent';
  /** Report column prefix: access_key / cert. */
  column: 'access_key' | 'cert';
  fix: Fix;
}

export function rootCredentialResults(snap: AccountSnapshot, kind: RootCredentialKind): Result[] {
  const resource = rootArn(snap);
  const { summary, credentialReport } = snap.iam;
  const row = credentialReport.ok ? rootRow(credentialReport.value) : undefined;
  const slots = row ? ([1, 2] as const).filter((n) => row[`${kind.column}_${n}_active`] === 'true') : [];
  const present = row ? ([1, 2] as const).filter((n) => reportDate(row[`${kind.column}_${n}_last_rotated`])) : [];
  const describe = () =>
    slots.length > 0
      ? ` The credential report shows ${slots.map((n) => `${kind.noun} ${n} active (created ${row![`${kind.column}_${n}_last_rotated`]})`).join(' and ')}.`
      : present.length > 0
        ? ` The credential report shows ${present.length} inactive ${kind.noun}(s); inactive credentials can be re-activated by anyone who signs in as root.`
        : '';

  if (summary.ok) {
    const count = summary.value[kind.summaryKey];
    if (count === undefined) return [notAssessed(resource, 'global', `GetAccountSummary did not return ${kind.summaryKey}`)];
    if (count > 0)
      return [
        fail(resource, 'global', `Root has ${kind.noun}s (${kind.summaryKey} = ${count}).${describe()}`, kind.fix, {
          // An inactive root credential is one click from live; an active one is live now.
          severity: slots.length === 0 && present.length > 0 ? 'high' : 'critical',
        }),
      ];
    return [pass(resource, 'global', `Root has no ${kind.noun}s (GetAccountSummary).`)];
  }
  // Summary unreadable: the report can still answer, though it may be up to four hours old.
  if (!row) return [notAssessed(resource, 'global', summary.error)];
  if (slots.length > 0 || present.length > 0) return [fail(resource, 'global', `Root has ${kind.noun}s per the credential report.${describe()}`, kind.fix)];
  return [pass(resource, 'global', `Root has no ${kind.noun}s per the credential report (GetAccountSummary was unreadable; the report can be up to 4 hours old).`)];
}

/**
 * Root's keys and certificates are listed only to root, so their ids are not
 * in the snapshot: the commands list them and act on each. They need a root
 * session: root's own credentials (not the key being removed), or, in an
 * AWS Organizations member account with centralized root access, a session
 * from `sts assume-root` run in the management account.
 */
export function rootOnlyCli(accountId: string, noun: 'access-key' | 'signing-certificate', query: string): string {
  const idFlag = noun === 'access-key' ? '--access-key-id' : '--certificate-id';
  const list = `aws iam list-${noun}s --query ${sh(query)} --output text`;
  return [
    `# Needs a root session. Member account of an organization with centralized root access, from the management account:`,
    `#   aws sts assume-root --region us-east-1 --target-principal ${sh(accountId)} --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials`,
    `# Without --user-name these commands act on root, the caller. Deactivating first is reversible (an assume-root`,
    `# session may only list and delete: skip to the delete loop there):`,
    `for id in $(${list}); do aws iam update-${noun} ${idFlag} "$id" --status Inactive; done`,
    `# once nothing depends on them any more:`,
    `for id in $(${list}); do aws iam delete-${noun} ${idFlag} "$id"; done`,
  ].join('\n');
}
