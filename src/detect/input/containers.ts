/**
 * The wrappers CloudTrail records come in, and how a record is taken out of
 * an item of each: one definition for detect's reader (read.ts) and for the
 * event files of `mamori rules test` (events-file.ts), which differ only in
 * what they do with a problem (report and go on, or stop).
 */

/** `{"Records":[…]}` (S3 delivery), `{"Events":[…]}` (lookup-events), `{"QueryResultRows":[…]}` (CloudTrail Lake). */
export const CONTAINERS = ['Records', 'Events', 'QueryResultRows'] as const;
export type Container = (typeof CONTAINERS)[number];

/** The container a whole JSON document is, if it is one. */
export function containerOf(doc: unknown): Container | undefined {
  return isObject(doc) ? CONTAINERS.find((c) => Array.isArray(doc[c])) : undefined;
}

/**
 * What an item held, or why it holds no record (a phrase following the item's
 * name). `unreadable`: CloudTrail Lake columns kept as the text they came as,
 * since it is not the JSON of what they hold (see lakeColumns).
 */
export type Unwrapped = { record: Record<string, unknown>; unreadable?: string[] } | { kind: 'missing-fields' | 'invalid-json' | 'not-a-record'; why: string };

/**
 * CloudTrail Lake's nested columns, by lower-case name, with what they hold
 * (its schema: userIdentity and tlsDetails are structs, requestParameters,
 * responseElements, additionalEventData and the other details maps,
 * resources an array of structs). GetQueryResults returns every column as a
 * string: one selected as JSON text is read back into its value; one
 * selected as it is comes in the engine's own notation
 * (`{type=IAMUser, arn=...}`), which is not JSON and cannot be read reliably
 * (values may hold `, ` and `=`).
 */
const LAKE_NESTED = new Map<string, 'struct' | 'map' | 'structs'>(Object.entries({
  useridentity: 'struct',
  tlsdetails: 'struct',
  requestparameters: 'map',
  responseelements: 'map',
  additionaleventdata: 'map',
  serviceeventdetails: 'map',
  addendum: 'map',
  edgedevicedetails: 'map',
  insightdetails: 'map',
  resources: 'structs',
}) as [string, 'struct' | 'map' | 'structs'][]);

/**
 * CloudTrail's spelling of the fields of Lake's structs. Lake's schema names
 * them in lower case (its own notation shows `principalid=`, `accesskeyid=`),
 * so a struct cast to JSON may carry those names, which rules written for
 * CloudTrail (`userIdentity.userName`) would not find: a field in all lower
 * case that is one of these is given CloudTrail's name back. Resources spell
 * their ARN in capitals, userIdentity and its session issuer in lower case.
 */
const cased = (...names: string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const IDENTITY_FIELDS = cased(
  'type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'identityProvider', 'credentialId', 'onBehalfOf', 'userId',
  'identityStoreArn', 'inScopeOf', 'issuerType', 'credentialsIssuedTo', 'originatingAccountId', 'sessionContext', 'attributes', 'creationDate',
  'mfaAuthenticated', 'sessionIssuer', 'webIdFederationData', 'federatedProvider', 'sourceIdentity', 'ec2RoleDelivery', 'ec2IssuedInVPC', 'assumedRoot',
);
const STRUCT_FIELDS: Record<string, Map<string, string>> = {
  useridentity: IDENTITY_FIELDS,
  tlsdetails: cased('tlsVersion', 'cipherSuite', 'clientProvidedHostHeader', 'keyExchange'),
  resources: cased('ARN', 'accountId', 'type'),
};

/** A message for Lake columns that are not JSON: which, and how to select them. */
export function unreadableColumns(columns: string[]): string {
  const c = columns[0]!;
  return (
    `has CloudTrail Lake columns that are not JSON: ${columns.join(', ')} (the query engine's own notation, such as {type=IAMUser, arn=...}, or a JSON array without field names); ` +
    `rules cannot see inside them. Select each as JSON text with its field names, e.g. json_format(CAST(${c} AS JSON)) AS ${c} (docs/detect.md)`
  );
}

/**
 * The record an item of a container holds: lookup-events carries it as a JSON
 * string in `CloudTrailEvent`, CloudTrail Lake as a row of one-key objects;
 * anything else is the record itself (outside any container, only if it has
 * an eventName or eventTime).
 */
export function unwrap(item: unknown, container: Container | undefined): Unwrapped {
  let rec = item;
  if (container === 'Events') {
    const s = isObject(item) ? item.CloudTrailEvent : undefined;
    if (typeof s !== 'string') return { kind: 'missing-fields', why: 'has no CloudTrailEvent' };
    try {
      rec = JSON.parse(s);
    } catch (err) {
      return { kind: 'invalid-json', why: `has a CloudTrailEvent that is not valid JSON: ${(err as Error).message}` };
    }
  } else if (container === 'QueryResultRows') {
    if (!Array.isArray(item)) return { kind: 'not-a-record', why: 'is not a CloudTrail Lake row (a list of columns)' };
    const row: Record<string, unknown> = Object.assign({}, ...item.filter(isObject));
    const unreadable = lakeColumns(row);
    return unreadable ? { record: row, unreadable } : { record: row };
  }
  if (!isObject(rec)) return { kind: 'not-a-record', why: 'is not a CloudTrail record (a JSON object)' };
  // An object outside any container must be a record itself, not a misspelt wrapper ({"Recrods": […]}).
  if (!container && !('eventName' in rec) && !('eventTime' in rec))
    return { kind: 'not-a-record', why: `is not a CloudTrail record: ${'Records' in rec ? '"Records" is not an array' : 'no "Records" array, and no eventName or eventTime'}` };
  return { record: rec };
}

/**
 * Reads a Lake row's nested columns given as JSON text into their values, in
 * place (an empty or `null` one is null, as CloudTrail writes an absent
 * requestParameters); returns the names of those whose text is not the JSON
 * of what the column holds, left as they came. A struct has every field of
 * its type, null where the record had none: those are left out, so that a
 * field the record lacks stays absent (`userIdentity.invokedBy|exists`).
 */
function lakeColumns(row: Record<string, unknown>): string[] | undefined {
  let unreadable: string[] | undefined;
  for (const k of Object.keys(row)) {
    const v = row[k];
    const shape = typeof v === 'string' ? LAKE_NESTED.get(k.toLowerCase()) : undefined;
    if (!shape) continue;
    let parsed: unknown;
    try {
      parsed = (v as string).trim() === '' ? null : JSON.parse(v as string);
    } catch {
      parsed = undefined;
    }
    if (parsed === null || (shape === 'structs' ? Array.isArray(parsed) && parsed.every(isObject) : isObject(parsed))) row[k] = shape === 'map' ? parsed : structValue(parsed, STRUCT_FIELDS[k.toLowerCase()]!);
    else (unreadable ??= []).push(k);
  }
  return unreadable;
}

/** A struct's value as CloudTrail writes it: null fields left out, lower-case field names given CloudTrail's spelling. */
function structValue(v: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => structValue(x, names));
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[(k === k.toLowerCase() && names.get(k)) || k] = structValue(x, names);
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
