/**
 * `mamori detect PATH...` and `mamori rules list|lint|test`: thin wrappers
 * over src/detect.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseTimeArg } from '../../detect/time.js';
import type { Aws } from '../../aws/clients.js';
import { FORMATS, problemLines, toJson, toJsonLines, toSarifLog, toTerminal, type Format } from '../../detect/output.js';
import { LEVELS, type Level } from '../../detect/sigma/rule.js';
import { jsonText, stripControl } from '../../report/sanitize.js';

const collect = (v: string, prev: string[]) => [...prev, v];
const time = (v: string) => {
  try {
    return parseTimeArg(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
};

export function register(program: Command): void {
  program
    .command('detect')
    .description('Find account takeover in CloudTrail logs with Sigma rules (built-in and your own)')
    .argument('[paths...]', 'CloudTrail files or directories (S3 layout AWSLogs/..., .json, .json.gz, JSON Lines, lookup-events or Lake output), or s3://bucket/prefix')
    .option('--lookup', 'read the CloudTrail LookupEvents API in every enabled region (needs --since; management events, 90 days)')
    .option('--profile <name>', 'AWS profile for s3:// and --lookup')
    .option('--region <region>', 'home region for AWS calls')
    .option('--rules <path>', 'also load Sigma rules from this file or directory (repeatable)', collect, [])
    .option('--no-builtin', "do not load mamori's built-in rules")
    .option('--since <time>', 'only events at or after this time: 7d, 24h, 30m or ISO 8601', time)
    .option('--until <time>', 'only events at or before this time', time)
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('terminal'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an alert is at least this severe').choices(LEVELS))
    .option('--no-store', 'do not save alerts in the mamori store')
    .option('--workers <n>', 'threads reading files (default: one per core, up to 4; 1 = no worker threads)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('--workers takes a number from 1 to 64');
      return n;
    })
    .action(async (paths: string[], o: { rules: string[]; builtin: boolean; since?: number; until?: number; format: Format; failOn?: Level; store: boolean; lookup?: boolean; profile?: string; region?: string; workers?: number }) => {
      const s3 = paths.filter((p) => /^s3:\/\//i.test(p));
      const local = paths.filter((p) => !/^s3:\/\//i.test(p));
      if (!paths.length && !o.lookup) throw new InvalidArgumentError('give files, directories, s3://bucket/prefix, or --lookup');
      if (o.lookup && o.since === undefined) throw new InvalidArgumentError('--lookup needs --since (e.g. --since 24h)');
      if (o.since !== undefined && o.until !== undefined && o.since > o.until) throw new InvalidArgumentError('--since is later than --until: no event could be in range');
      // Only --no-builtin can leave no rule (every rule given rejected, or none given): said before
      // anything is read, not after a whole trail (or hours of LookupEvents) was read for nothing.
      if (!o.builtin) {
        const { loadBuiltinRules } = await import('../../detect/builtin.js');
        const { ruleset, errors } = loadBuiltinRules(o.rules, false);
        if (!ruleset.detections.length && !ruleset.correlations.length) {
          for (const e of errors) process.stderr.write(`mamori: rule rejected: ${stripControl(e.message)}\n`);
          throw new Error('no rules loaded');
        }
      }
      const opts = { rules: o.rules, builtin: o.builtin, ...(o.since !== undefined ? { since: o.since } : {}), ...(o.until !== undefined ? { until: o.until } : {}) };
      // The detector and the rule loader (with the YAML parser) load when a command runs, not when the program is built.
      const [{ detectSources }, { detectFilesParallel }] = await Promise.all([import('../../detect/run.js'), import('../../detect/parallel.js')]);
      let aws: Aws | undefined;
      let report;
      // The store keeps alerts and first_seen history (which IPs each key used) between runs.
      const { db, firstSeen, alerts } = o.store ? await openStore() : {};
      try {
        if (s3.length || o.lookup) aws = new (await import('../../aws/clients.js')).Aws({ ...(o.profile ? { profile: o.profile } : {}), ...(o.region ? { region: o.region } : {}) });
        const lookupRegions = o.lookup ? (await (await import('../../aws/regions.js')).selectRegions(aws!)).enabled : undefined;
        const withStore = { ...opts, ...(firstSeen ? { firstSeen } : {}) };
        report =
          s3.length || lookupRegions
            ? await detectSources({ paths: local, s3, ...(lookupRegions ? { lookupRegions } : {}) }, withStore, aws)
            : await detectFilesParallel(local, { ...withStore, ...(o.workers ? { workers: o.workers } : {}) });
        firstSeen?.flush();
        if (report.alerts.length) alerts?.save(report.alerts, new Date(), false, report.windowOf);
      } finally {
        aws?.destroy();
        db?.close();
      }
      for (const line of problemLines(report)) process.stderr.write(`mamori: ${line}\n`);
      // "0 alerts" over directories that held no CloudTrail file at all (a mistyped folder, logs
      // under another extension) would read as a clean result: say that nothing was read.
      if (local.length && !s3.length && !o.lookup && report.input.files === 0)
        process.stderr.write(
          `mamori: no CloudTrail files found in ${local.map((p) => stripControl(p)).join(', ')}: directories are searched for .json, .jsonl, .ndjson (and .gz of those)` +
            `${o.since !== undefined || o.until !== undefined ? ', and S3-layout day folders outside --since/--until are not listed' : ''}; a file named is read whatever its name\n`,
        );
      if (report.rules.loaded === 0) throw new Error('no rules loaded');
      process.stdout.write(
        o.format === 'json' ? toJson(report) : o.format === 'jsonl' ? toJsonLines(report.alerts) : o.format === 'sarif' ? jsonText(toSarifLog(report.alerts), 2) : toTerminal(report),
      );
      if (o.failOn && report.alerts.some((a) => LEVELS.indexOf(a.severity) >= LEVELS.indexOf(o.failOn!))) process.exitCode = 1;
      // A file, object or region that could not be read (whole or past some point: unreadable, damaged
      // gzip, cut short) may have held the alert: a CI gate must not pass on it, as `watch --once` does
      // not. A record skipped inside a file read to its end, or a link the walk could not follow, is only counted.
      const unread = report.input.filesWithErrors;
      if (unread) {
        process.stderr.write(`mamori: ${unread} file${unread === 1 ? '' : 's'}, object${unread === 1 ? '' : 's'} or region${unread === 1 ? '' : 's'} could not be read in full (above): exit code 2\n`);
        process.exitCode = 2;
      }
    });

  const rules = program.command('rules').description('List, check and test Sigma rules');
  rules
    .command('list')
    .description('List the rules detect would run')
    .option('--rules <path>', 'also load rules from this file or directory (repeatable)', collect, [])
    .option('--no-builtin', "leave out mamori's built-in rules")
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .action(async (o: { rules: string[]; builtin: boolean; format: string }) => {
      const { loadBuiltinRules } = await import('../../detect/builtin.js');
      const { ruleset, errors } = loadBuiltinRules(o.rules, o.builtin);
      const all = [...ruleset.detections, ...ruleset.correlations].map((r) => ({
        id: r.id,
        title: r.title,
        level: r.level,
        kind: r.kind === 'correlation' ? r.type : 'detection',
        alerts: !ruleset.silenced.has(r),
        tags: r.tags,
        file: r.file,
      }));
      if (o.format === 'json') process.stdout.write(JSON.stringify({ rules: all, rejected: errors.map((e) => ({ ...e.pos, message: e.message })) }, null, 2) + '\n');
      else {
        for (const r of all) process.stdout.write(`${r.level.padEnd(13)} ${r.kind.padEnd(16)} ${stripControl(r.title)}${r.alerts ? '' : '  (feeds a correlation)'}\n`);
        process.stdout.write(`${all.length} rules${errors.length ? `, ${errors.length} rejected (mamori rules lint)` : ''}\n`);
      }
    });
  rules
    .command('lint')
    .description('Check that rule files load; report every rejected rule with file, line and reason')
    .argument('<paths...>', 'rule files or directories')
    .action(async (paths: string[]) => {
      const { loadRules, assertRulesIn } = await import('../../detect/sigma/ruleset.js');
      const { ruleset, errors, files, empty } = loadRules(paths);
      for (const e of errors) process.stdout.write(`${stripControl(e.message)}\n`);
      process.stdout.write(`${files} files, ${ruleset.detections.length + ruleset.correlations.length + ruleset.filters.length} rules loaded, ${errors.length} rejected\n`);
      if (errors.length) process.exitCode = 1;
      assertRulesIn(empty);
    });
  rules
    .command('test')
    .description('Check that rules fire on events that should raise them and stay quiet on others')
    .argument('<rules>', 'rule file or directory')
    .option('--fires-on <file>', 'events (JSON array, {"Records": [...]}, lookup-events or CloudTrail Lake output, or JSON Lines; optionally gzipped) every alerting rule given must fire on', collect, [])
    .option('--quiet-on <file>', 'events no rule given may fire on', collect, [])
    .action(async (path: string, o: { firesOn: string[]; quietOn: string[] }) => {
      const [{ loadRules, assertRulesIn }, { evaluate }, { readEventsFile }] = await Promise.all([
        import('../../detect/sigma/ruleset.js'),
        import('../../detect/run.js'),
        import('../../detect/input/events-file.js'),
      ]);
      const { ruleset, errors, empty } = loadRules([path]);
      for (const e of errors) process.stdout.write(`${stripControl(e.message)}\n`);
      assertRulesIn(empty);
      const alerting = [...ruleset.detections, ...ruleset.correlations].filter((r) => !ruleset.silenced.has(r));
      let failed = errors.length > 0;
      for (const file of o.firesOn) {
        const fired = new Set(evaluate(ruleset, readEventsFile(file)).map((a) => a.ruleId));
        for (const r of alerting) {
          const ok = fired.has(r.id);
          failed ||= !ok;
          process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${stripControl(r.title)} fires on ${stripControl(file)}\n`);
        }
      }
      for (const file of o.quietOn) {
        const fired = evaluate(ruleset, readEventsFile(file));
        for (const r of alerting) {
          const ok = !fired.some((a) => a.ruleId === r.id);
          failed ||= !ok;
          process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${stripControl(r.title)} quiet on ${stripControl(file)}\n`);
        }
      }
      if (!o.firesOn.length && !o.quietOn.length) process.stdout.write('nothing to test: give --fires-on and/or --quiet-on event files\n');
      if (failed) process.exitCode = 1;
    });
}

/** The store (better-sqlite3) is loaded only when used: `rules list` and --no-store runs do not need it. */
async function openStore() {
  const [{ openDatabase }, { AlertStore }, { SqliteFirstSeen }] = await Promise.all([import('../../store/store.js'), import('../../store/alerts.js'), import('../../store/first-seen.js')]);
  const db = openDatabase();
  return { db, firstSeen: new SqliteFirstSeen(db), alerts: new AlertStore(db) };
}
