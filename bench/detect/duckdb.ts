/**
 * DuckDB side of the detect benchmark: `read_json` over the same .json.gz
 * files, CloudTrail's {"Records":[...]} unnested, and SQL equivalent to three
 * of mamori's built-in rules. Prints JSON with, per rule, the alerts and the
 * events behind them, in the same terms as one.js (`byRule`), so bench.js can
 * assert that both agree.
 *
 * The three rules and how "an alert" is counted (as mamori's AlertBook does):
 * - trail_stopped (defense_evasion.yml, a selection): every matching event
 *   that succeeded (no errorCode); alerts are runs of one principal's events
 *   with no gap over an hour.
 * - console_login_failures_user (event_count >= 6 in 10 min per account and
 *   user name, or root's ARN): an event is in an alert when some 10-minute
 *   window holding it has six or more failures of its group; alerts are runs
 *   of such events with no gap over the timespan.
 * - ec2_multi_region_spree (value_count of awsRegion >= 3 in 30 min per ARN,
 *   over launches and Auto Scaling groups made, not Auto Scaling's own
 *   launches): same, with distinct regions.
 * An event without a group-by value is in no group, as in mamori.
 *
 * Only the fields the SQL reads are declared (`columns`), DuckDB's best case:
 * it skips the rest of each record instead of building it.
 * Usage: node dist/bench/detect/duckdb.js DIR [THREADS=2]
 * (a benchmark tool only: @duckdb/node-api is a dev dependency, never used by src/)
 */
import { performance } from 'node:perf_hooks';

const dir = process.argv[2]!;
const threads = Number(process.argv[3] ?? 2);

export const RULE_IDS = {
  trailStopped: '7f1678b7-6d9f-48fb-9e3d-a5bdde3f8223',
  loginFailuresUser: 'd5bacc0f-98b6-47f6-9989-53da0bfc0f80',
  multiRegionSpree: 'a66dca3c-0895-4c77-8b7d-1b071b6839b7',
};

const RECORD = `STRUCT(
  eventTime VARCHAR, eventName VARCHAR, eventSource VARCHAR, awsRegion VARCHAR, eventID VARCHAR,
  recipientAccountId VARCHAR, errorCode VARCHAR,
  userIdentity STRUCT("type" VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR, principalId VARCHAR, invokedBy VARCHAR,
    sessionContext STRUCT(sessionIssuer STRUCT(arn VARCHAR))),
  requestParameters JSON, responseElements JSON)[]`;

// principalOf() in src/detect/alert.ts, in SQL.
const PRINCIPAL = `coalesce(nullif(r.userIdentity.arn, ''),
  CASE WHEN r.userIdentity."type" = 'Root' AND r.userIdentity.accountId IS NOT NULL THEN 'arn:aws:iam::' || r.userIdentity.accountId || ':root' END,
  nullif(r.userIdentity.userName, ''), nullif(r.userIdentity.principalId, ''), nullif(r.userIdentity.invokedBy, ''), 'unknown')`;

// Whether a PutEventSelectors call leaves the trail short of every management event, as the rule
// judges it: a field over an array matches when any element does, strings compare in lower case
// (not under |re), so one narrowing selector anywhere counts, and keeping every management event
// needs a basic selector with management events and one for reads and writes, or an advanced one
// for the Management category.
const any = (path: string, test: string) => `len(list_filter(json_extract_string(r.requestParameters, '${path}'), v -> ${test})) > 0`;
const SELECTORS_BLIND = `coalesce(
  ${any('$.eventSelectors[*].includeManagementEvents', "lower(v) = 'false'")}
  OR ${any('$.eventSelectors[*].readWriteType', "lower(v) IN ('readonly', 'writeonly')")}
  OR ${any('$.eventSelectors[*].excludeManagementEventSources[*]', "v <> ''")}
  OR ${any('$.advancedEventSelectors[*].fieldSelectors[*].field', "v NOT IN ('eventCategory', 'resources.type', 'resources.ARN')")}
  OR NOT ((${any('$.eventSelectors[*].includeManagementEvents', "lower(v) = 'true'")} AND ${any('$.eventSelectors[*].readWriteType', "lower(v) = 'all'")})
          OR ${any('$.advancedEventSelectors[*].fieldSelectors[*].equals[*]', "lower(v) = 'management'")}), true)`;

// Whether an UpdateTrail call can lose or hide logs, as the rule judges it: another destination, key or
// topic named, a protection set to false or '', or no parameters recorded.
// A missing member is NULL in SQL, not false: each test is settled on its own.
const has = (key: string) => `coalesce(json_exists(r.requestParameters, '$.${key}'), false)`;
const is = (key: string, value: string) => `coalesce(json_extract_string(r.requestParameters, '$.${key}') = '${value}', false)`;
const TRAIL_WEAKENED = `(${[
  ...['s3BucketName', 's3KeyPrefix', 'kmsKeyId', 'snsTopicName'].map(has),
  ...['cloudWatchLogsLogGroupArn', 'cloudWatchLogsRoleArn'].map((k) => is(k, '')),
  ...['includeGlobalServiceEvents', 'isMultiRegionTrail', 'enableLogFileValidation', 'isOrganizationTrail'].map((k) => is(k, 'false')),
  `NOT ${has('name')}`,
].join(' OR ')})`;

const SQL = `
CREATE TEMP TABLE ev AS
SELECT CAST(r.eventTime AS TIMESTAMP) AS t, lower(r.eventName) AS name, lower(r.eventSource) AS source,
       r.awsRegion AS region, r.recipientAccountId AS account, r.userIdentity.userName AS userName,
       r.userIdentity.arn AS arn, ${PRINCIPAL} AS principal, r.errorCode AS errorCode, r.userIdentity."type" AS identityType,
       lower(r.userIdentity.invokedBy) AS invokedBy, lower(r.userIdentity.sessionContext.sessionIssuer.arn) AS issuer,
       lower(json_extract_string(r.responseElements, '$.ConsoleLogin')) AS login,
       CASE WHEN lower(r.eventName) = 'puteventselectors' THEN ${SELECTORS_BLIND}
            WHEN lower(r.eventName) = 'updatetrail' THEN ${TRAIL_WEAKENED} END AS blinds
FROM (SELECT unnest(Records) AS r
      FROM read_json('${dir}/**/*.json.gz', format = 'auto', columns = {Records: '${RECORD.replace(/\s+/g, ' ')}'}));

-- Sigma matches strings case-insensitively: names are compared in lower case.
CREATE TEMP TABLE trail AS
SELECT principal AS g, t FROM ev
WHERE source = 'cloudtrail.amazonaws.com'
  AND (name IN ('stoplogging', 'deletetrail', 'deleteeventdatastore', 'stopeventdatastoreingestion')
       OR (name IN ('puteventselectors', 'updatetrail') AND blinds))
  AND errorCode IS NULL;

-- Grouped by account and user name, or by ARN for root (whose failures carry no user name);
-- an event without a group-by value is in no group.
CREATE TEMP TABLE login_flagged AS
WITH failed AS (SELECT * FROM ev WHERE source = 'signin.amazonaws.com' AND name = 'consolelogin' AND login = 'failure'),
g AS (
  SELECT account, userName AS who, t FROM failed WHERE userName IS NOT NULL
  UNION ALL
  SELECT account, arn AS who, t FROM failed WHERE lower(identityType) = 'root' AND arn IS NOT NULL),
f AS (
  SELECT account, who, t,
         count(*) OVER (PARTITION BY account, who ORDER BY t RANGE BETWEEN CURRENT ROW AND INTERVAL 10 MINUTE FOLLOWING) AS n
  FROM g WHERE account IS NOT NULL),
c AS (
  SELECT *, max(CASE WHEN n >= 6 THEN t + INTERVAL 10 MINUTE END)
              OVER (PARTITION BY account, who ORDER BY t RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS covered
  FROM f)
SELECT json_array(account, who)::VARCHAR AS g, t FROM c WHERE covered >= t;

CREATE TEMP TABLE spree_flagged AS
WITH e AS (
  SELECT arn, t, region,
         count(DISTINCT region) OVER (PARTITION BY arn ORDER BY t RANGE BETWEEN INTERVAL 30 MINUTE PRECEDING AND CURRENT ROW) AS n
  FROM ev WHERE ((source = 'ec2.amazonaws.com' AND name IN ('runinstances', 'requestspotinstances', 'createfleet', 'requestspotfleet'))
                 OR (source = 'autoscaling.amazonaws.com' AND name = 'createautoscalinggroup'))
             -- EC2 Auto Scaling launching for a group, through its service-linked role
             AND NOT coalesce(invokedBy = 'autoscaling.amazonaws.com'
                              AND issuer LIKE '%:role/aws-service-role/autoscaling.amazonaws.com/awsserviceroleforautoscaling%', false)
             AND errorCode IS NULL AND region IS NOT NULL AND arn IS NOT NULL),
c AS (
  SELECT *, min(CASE WHEN n >= 3 THEN t END)
              OVER (PARTITION BY arn ORDER BY t RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS ends
  FROM e)
SELECT arn AS g, t FROM c WHERE ends <= t + INTERVAL 30 MINUTE;
`;

/** Alerts = runs of a group's events with no gap longer than `gap`; events = all of them. */
const islands = (table: string, gap: string) => `
SELECT count(*) FILTER (WHERE fresh) AS alerts, count(*) AS events FROM (
  SELECT lag(t) OVER (PARTITION BY g ORDER BY t) AS prev, t,
         (prev IS NULL OR t > prev + INTERVAL ${gap}) AS fresh FROM ${table})`;

const t0 = performance.now();
// DuckDB is a benchmark peer, not a dependency: `npm install --no-save @duckdb/node-api` first.
// Imported by name at run time so the project compiles without it.
const duckdbModule = '@duckdb/node-api';
const { DuckDBInstance } = (await import(duckdbModule).catch(() => {
  process.stderr.write('bench/detect/duckdb: @duckdb/node-api is not installed; run `npm install --no-save @duckdb/node-api` first\n');
  process.exit(2);
})) as { DuckDBInstance: { create(path: string, options: Record<string, string>): Promise<any> } };
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
await con.run(SQL);
const byRule: Record<string, [number, number]> = {};
for (const [id, table, gap] of [
  [RULE_IDS.trailStopped, 'trail', '1 HOUR'],
  [RULE_IDS.loginFailuresUser, 'login_flagged', '10 MINUTE'],
  [RULE_IDS.multiRegionSpree, 'spree_flagged', '30 MINUTE'],
] as const) {
  const rows = (await con.runAndReadAll(islands(table, gap))).getRows();
  byRule[id] = [Number(rows[0]![0]), Number(rows[0]![1])];
}
const events = Number((await con.runAndReadAll('SELECT count(*) FROM ev')).getRows()[0]![0]);
const ms = performance.now() - t0;
console.log(JSON.stringify({ engine: 'duckdb', threads, events, byRule, ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
