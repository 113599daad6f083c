/**
 * Reading the IAM credential report the way the credential-hygiene checks
 * need it: which row is root, which keys are active, what a "date" column
 * really says, and which access key id sits behind a report slot.
 */
import type { AccountSnapshot, CredentialReportRow } from '../snapshot.js';
import { daysSince, pass, type Result } from '../check.js';
import { sh } from '../../util/shell.js';

/** The credential report names root this way; it is not an IAM user. */
export const ROOT_ROW = '<root_account>';

export const rootArn = (snap: AccountSnapshot) => `arn:${snap.account.partition}:iam::${snap.account.id}:root`;

/** Resource for account-wide results (password policy, "no user has a key"). */
export const accountResource = (snap: AccountSnapshot) => snap.account.id;

export const userRows = (report: CredentialReportRow[]) => report.filter((r) => r.user !== ROOT_ROW);
export const rootRow = (report: CredentialReportRow[]) => report.find((r) => r.user === ROOT_ROW);

/**
 * A report column holds an ISO date or a word: `N/A` (never / no such
 * credential), `no_information` (not used since IAM began tracking in 2014),
 * `not_supported`. Only a real date counts as a use or a change.
 */
export function reportDate(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}

/** Whole days since a report column's date, or undefined for N/A and friends. */
export const reportAge = (value: string | undefined, now: Date) => daysSince(reportDate(value), now);

export interface ActiveKey {
  /** Report slot: access_key_1 or access_key_2. */
  slot: 1 | 2;
  /** When the key was created (the report calls it last_rotated). */
  created?: string;
  /** Last use, the later of the report and GetAccessKeyLastUsed; undefined when never used. */
  lastUsed?: string;
  /** The key id, when ListAccessKeys told us which key this slot is. */
  id?: string;
}

/** Active access keys of a report row, with their ids when they can be matched. */
export function activeKeys(snap: AccountSnapshot, row: CredentialReportRow): ActiveKey[] {
  const slots = ([1, 2] as const).filter((n) => row[`access_key_${n}_active`] === 'true');
  const listed = listedActiveKeys(snap, row.user);
  return slots.map((slot) => {
    const created = reportDate(row[`access_key_${slot}_last_rotated`]);
    const id = matchKeyId(listed, created, slots.length);
    const listedUse = listed.find((k) => k.id === id)?.lastUsed;
    const lastUsed = latest(reportDate(row[`access_key_${slot}_last_used_date`]), listedUse);
    return { slot, ...(created ? { created } : {}), ...(lastUsed ? { lastUsed } : {}), ...(id ? { id } : {}) };
  });
}

/** True when the user holds two access keys (active or not): IAM then refuses a third. */
export const hasTwoKeys = (row: CredentialReportRow) => !!reportDate(row.access_key_1_last_rotated) && !!reportDate(row.access_key_2_last_rotated);

function listedActiveKeys(snap: AccountSnapshot, user: string) {
  const read = snap.iam.accessKeys[user];
  return read?.ok ? read.value.filter((k) => k.status === 'Active') : [];
}

/**
 * The report gives slots, ListAccessKeys gives ids: a slot's last_rotated is
 * its key's CreateDate, so match on that (to the second). With one active
 * key on each side the match is certain even without dates. Never guess
 * between two keys: a fix that deactivates the wrong key breaks production.
 */
function matchKeyId(listed: { id: string; created?: string }[], created: string | undefined, activeSlots: number): string | undefined {
  if (created) {
    const t = Math.floor(Date.parse(created) / 1000);
    const same = listed.filter((k) => k.created && Math.floor(Date.parse(k.created) / 1000) === t);
    if (same.length === 1) return same[0]!.id;
  }
  if (activeSlots === 1 && listed.length === 1) return listed[0]!.id;
  return undefined;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** "key AKIA... (access key 1)" or "access key 1" when the id is unknown. */
export const keyLabel = (k: ActiveKey) => (k.id ? `key ${k.id} (access key ${k.slot})` : `access key ${k.slot}`);

/**
 * The key id for a fix command. When ListAccessKeys did not tell us which
 * key a slot is, a first line looks it up by its creation time (text output
 * is `ID<TAB>CreateDate`, and the report's last_rotated is that CreateDate),
 * so the command still targets exactly that key, not one to pick by hand.
 */
export function keyIdCli(user: string, k: ActiveKey): { prelude: string[]; arg: string } {
  if (k.id) return { prelude: [], arg: sh(k.id) };
  const when = k.created ? k.created.slice(0, 19) : '';
  const lookup = `aws iam list-access-keys --user-name ${sh(user)} --query ${sh('AccessKeyMetadata[?Status==`Active`].[AccessKeyId,CreateDate]')} --output text`;
  return { prelude: [`KEY_ID=$(${lookup}${when ? ` | grep -F ${sh(when)}` : ''} | cut -f1)`], arg: '"$KEY_ID"' };
}

/** Deactivate first (reversible), delete once nothing broke: AWS's own order for retiring a key. */
export function retireKeyCli(user: string, k: ActiveKey): string {
  const { prelude, arg } = keyIdCli(user, k);
  return [
    ...prelude,
    `aws iam update-access-key --user-name ${sh(user)} --access-key-id ${arg} --status Inactive`,
    `# once nothing depends on it any more:`,
    `aws iam delete-access-key --user-name ${sh(user)} --access-key-id ${arg}`,
  ].join('\n');
}

/**
 * One result per IAM user holding an active access key (resource = user
 * ARN), or a single account-wide PASS when no user holds one: the shape of
 * every access-key check.
 */
export function perUserWithActiveKeys(
  snap: AccountSnapshot,
  report: CredentialReportRow[],
  judge: (row: CredentialReportRow, keys: ActiveKey[]) => Result,
): Result[] {
  const holders = userRows(report)
    .map((row) => ({ row, keys: activeKeys(snap, row) }))
    .filter((h) => h.keys.length > 0);
  if (holders.length === 0) return [pass(accountResource(snap), 'global', 'No IAM user has an active access key.')];
  return holders.map(({ row, keys }) => judge(row, keys));
}
