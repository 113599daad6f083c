/**
 * One scan of the benchmark account through the real collectors and checks,
 * the fake answering every call after `--latency` ms. Prints one JSON line:
 * wall time, API calls, peak RSS. Run by bench/scan/bench.sh, once per setting,
 * each in a fresh process so peak memory is this scan's alone.
 *
 *   node dist/bench/scan/run.js --latency 50 --concurrency 10
 */
import { parseArgs } from 'node:util';
import { Aws } from '../../src/aws/clients.js';
import { scanAccount } from '../../src/scan/run.js';
import { createFake, EXAMPLE_CREDENTIALS } from '../../test/fake/index.js';
import { benchmarkAccount } from './seed.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values } = parseArgs({ options: { latency: { type: 'string', default: '50' }, concurrency: { type: 'string', default: '10' } } });
const latency = Number(values.latency);
const concurrency = Number(values.concurrency);

const fake = createFake([benchmarkAccount()]);
fake.latencyMs = latency;
// IAM reuses a credential report for 4 hours: a real repeated scan waits for none.
// Poll once per latency period so the report lifecycle costs what a fresh report would.
const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', concurrency });
const t0 = performance.now();
const result = await scanAccount(aws, { pollMs: latency });
const wallMs = performance.now() - t0;
aws.destroy();
fake.uninstall();
process.stdout.write(
  JSON.stringify({
    latencyMs: latency,
    concurrency,
    wallMs: Math.round(wallMs),
    apiCalls: fake.totalCalls,
    findings: result.findings.length,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
