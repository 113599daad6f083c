/**
 * respond against the brief's attack in the fake, every call answered after
 * `--latency` ms, LookupEvents limited to 2 requests/s per region as AWS
 * limits it. Prints one JSON line: time to the leaked key's deactivation, to
 * the attacker's second key's deactivation, the investigation's wall time and
 * its LookupEvents pages per region against the floor the rate limit sets.
 *
 *   node dist/bench/respond/run.js --latency 100 --polls 200 [--delete-leaked]
 */
import { parseArgs } from 'node:util';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ResponseStore } from '../../src/store/responses.js';
import { respond } from '../../src/respond/playbook.js';
import { LookupEventsSource } from '../../src/respond/events/lookup-events.js';
import { createFake, EXAMPLE_CREDENTIALS } from '../../test/fake/index.js';
import { exampleKeyId, vulnerableAccount } from '../../test/fake/seeds.js';
import { allowSelfServiceKeys, playBriefAttack } from '../../test/fake/attack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values } = parseArgs({
  options: { latency: { type: 'string', default: '100' }, polls: { type: 'string', default: '0' }, 'delete-leaked': { type: 'boolean', default: false } },
});
const latency = Number(values.latency);
const polls = Number(values.polls);

const account = vulnerableAccount();
allowSelfServiceKeys(account);
const fake = createFake([account]);
const leaked = { accessKeyId: exampleKeyId('devpower'), secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const attack = await playBriefAttack(fake, leaked, { polls, deleteLeaked: values['delete-leaked'] });
fake.latencyMs = latency;

const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1' });
const db = openDatabase(':memory:');
const milestones: Record<string, number> = {};
let source: LookupEventsSource | undefined;
let firstPageMs: number | undefined;
let lastPageMs = 0;
const lookups0 = fake.calls.get('cloudtrail:LookupEvents') ?? 0;
const t0 = performance.now();
const result = await respond(aws, {
  subject: { kind: 'key', accessKeyId: leaked.accessKeyId },
  contain: true,
  apply: false,
  store: new ResponseStore(db),
  source: (regions) =>
    (source = new LookupEventsSource(aws, regions, {
      onPage: () => {
        const t = performance.now() - t0;
        firstPageMs ??= t;
        lastPageMs = t;
      },
    })),
  onMilestone: (name, ms) => (milestones[name] ??= ms),
});
const wallMs = performance.now() - t0;
const pages = Object.fromEntries([...(source?.pages ?? new Map())].sort());
const maxPages = Math.max(...Object.values(pages as Record<string, number>));
const investigationMs = milestones.investigated! - milestones.contained!;
process.stdout.write(
  JSON.stringify({
    latencyMs: latency,
    regions: result.regions.length,
    leakedKeyDeletedByAttacker: values['delete-leaked'],
    pollsPerRegion: polls,
    msToLeakedKeyDeactivated: values['delete-leaked'] ? null : Math.round(milestones[`key-contained:${leaked.accessKeyId}`]!),
    msToContained: Math.round(milestones.contained!),
    msToSecondKeyDeactivated: Math.round(milestones[`key-contained:${attack.secondKey.accessKeyId}`]!),
    investigationMs: Math.round(investigationMs),
    lookupEventsCalls: (fake.calls.get('cloudtrail:LookupEvents') ?? 0) - lookups0,
    maxPagesInARegion: maxPages,
    // The rate limit alone: a region's pages cannot come faster than one per 500 ms.
    // From the first LookupEvents answer to the last one, against the floor the rate limit sets:
    // the busiest region's pages cannot come faster than one per 500 ms.
    lookupSpanMs: Math.round(lastPageMs - (firstPageMs ?? 0)),
    floorSpanMs: (maxPages - 1) * 500,
    throttled: [...(source?.throttled.values() ?? [])].reduce((a, b) => a + b, 0),
    events: result.investigation.timeline.length,
    credentials: result.investigation.credentials.length,
    created: result.investigation.created.length,
    wallMs: Math.round(wallMs),
  }) + '\n',
);
aws.destroy();
db.close();
fake.uninstall();
