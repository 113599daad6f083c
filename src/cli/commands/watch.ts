/**
 * `mamori watch`: continuous detection over LookupEvents or a trail bucket,
 * sending new alerts to stdout, a JSON Lines file, a webhook and/or SNS.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseTimespan } from '../../detect/sigma/rule.js';
import type { AlertSink } from '../../detect/sinks.js';
import type { WatchSource } from '../../detect/watch.js';
import { stripControl } from '../../report/sanitize.js';

const collect = (v: string, prev: string[]) => [...prev, v];
const duration = (v: string) => {
  const ms = parseTimespan(v);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError(`not a duration: ${JSON.stringify(v)} (e.g. 60s, 5m)`);
  return ms;
};

export function register(program: Command): void {
  program
    .command('watch')
    .description('Keep detecting: poll LookupEvents or a trail bucket and send new alerts as they appear')
    .argument('[bucket]', 's3://bucket/prefix of the trail (otherwise --lookup)')
    .option('--lookup', 'poll CloudTrail LookupEvents in every enabled region')
    // Defaults shown as written on the command line, not as milliseconds.
    .addOption(new Option('--interval <duration>', 'time between polls').argParser(duration).default(60_000, '60s'))
    .addOption(
      new Option('--relist <duration>', 's3://: how often to list the account and region folders again (a new account or region is noticed that late, then read from before)')
        .argParser(duration)
        .default(15 * 60_000, '15m'),
    )
    .option('--rules <path>', 'also load Sigma rules from this file or directory (repeatable)', collect, [])
    .option('--no-builtin', "do not load mamori's built-in rules")
    .addOption(new Option('--format <format>', 'stdout format').choices(['terminal', 'jsonl', 'none']).default('terminal'))
    .option('--jsonl <file>', 'append alerts to this JSON Lines file')
    .option('--webhook <url>', 'POST alerts to this Slack-compatible webhook')
    .option('--sns-topic <arn>', 'publish alerts to this SNS topic')
    .option('--once', 'poll once and exit')
    .option('--profile <name>', 'AWS profile')
    .option('--region <region>', 'home region for AWS calls')
    .action(async (bucket: string | undefined, o: { lookup?: boolean; interval: number; rules: string[]; builtin: boolean; format: string; jsonl?: string; webhook?: string; snsTopic?: string; once?: boolean; profile?: string; region?: string; relist: number }) => {
      if (!bucket && !o.lookup) throw new InvalidArgumentError('give s3://bucket/prefix or --lookup');
      if (bucket && !/^s3:\/\//.test(bucket)) throw new InvalidArgumentError('watch reads s3://bucket/prefix (for local files use mamori detect)');
      if (o.webhook && !/^https?:\/\//.test(o.webhook)) throw new InvalidArgumentError('--webhook must be an http(s) URL');
      // Loaded when the command runs: building the program must not load the AWS SDK or SQLite.
      const [{ loadBuiltinRules }, { Aws }, { selectRegions }, { jsonlFileSink, snsSink, streamSink, webhookSink }, { lookupSource, s3Source, watch }, { AlertStore }, { SqliteFirstSeen }, { openDatabase }] = await Promise.all([
        import('../../detect/builtin.js'),
        import('../../aws/clients.js'),
        import('../../aws/regions.js'),
        import('../../detect/sinks.js'),
        import('../../detect/watch.js'),
        import('../../store/alerts.js'),
        import('../../store/first-seen.js'),
        import('../../store/store.js'),
      ]);
      const { ruleset, errors } = loadBuiltinRules(o.rules, o.builtin);
      for (const e of errors) process.stderr.write(`mamori: rule rejected: ${stripControl(e.message)}\n`);
      // A watch without a rule would poll for ever and never alert (--no-builtin, every rule rejected).
      if (!ruleset.detections.length && !ruleset.correlations.length) throw new Error('no rules loaded');
      const aws = new Aws({ ...(o.profile ? { profile: o.profile } : {}), ...(o.region ? { region: o.region } : {}) });
      const db = openDatabase();
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const sources: WatchSource[] = [];
        if (bucket) sources.push(s3Source(aws, bucket, { relistMs: o.relist }));
        if (o.lookup) {
          // The cursor is per account: --profile can point the same store at another one.
          const [{ enabled }, me] = await Promise.all([selectRegions(aws), aws.whoAmI()]);
          sources.push(lookupSource(aws, enabled, me.Account));
        }
        const sinks: AlertSink[] = [];
        if (o.format !== 'none') sinks.push(streamSink((s) => process.stdout.write(s), o.format as 'terminal' | 'jsonl'));
        if (o.jsonl) sinks.push(jsonlFileSink(o.jsonl));
        // Ctrl-C ends a wait between webhook retries at once (that alert is then reported undelivered).
        if (o.webhook) sinks.push(webhookSink(o.webhook, { signal: controller.signal }));
        if (o.snsTopic) sinks.push(snsSink(aws, o.snsTopic));
        // With --once (a cron job), a poll that could not read everything or deliver every alert exits 2.
        let troubles = 0;
        await watch(ruleset, {
          sources,
          sinks,
          store: new AlertStore(db),
          firstSeen: new SqliteFirstSeen(db),
          intervalMs: o.interval,
          ...(o.once ? { maxPolls: 1 } : {}),
          signal: controller.signal,
          onProblem: (p) => (troubles++, process.stderr.write(`mamori: ${stripControl(p.file)}${p.line ? `:${p.line}` : ''}: ${stripControl(p.message)}\n`)),
          onSinkError: (sink, a, err) => (troubles++, process.stderr.write(`mamori: could not send "${stripControl(a.title)}" to ${sink}: ${stripControl(err.message)}\n`)),
        });
        if (o.once && troubles) process.exitCode = 2;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        db.close();
        aws.destroy();
      }
    });
}
