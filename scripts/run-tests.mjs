#!/usr/bin/env node
// Runs every compiled test file with Node's test runner, prints the spec
// report, and ends with the plain line "N passed, N failed" that CI reads.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.js') ? [p] : [];
  });
}

// The SDK's Node 20 deprecation notice would otherwise land in every test file's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const filter = process.argv[2];
const files = find('dist/test').filter((f) => !filter || f.includes(filter)).sort();
let passed = 0;
let failed = 0;
const stream = run({ files, concurrency: true, timeout: 120_000 });
stream.on('test:pass', (t) => {
  if (t.details?.type !== 'suite') passed++;
});
stream.on('test:fail', (t) => {
  if (t.details?.type !== 'suite') failed++;
});
const report = stream.compose(spec);
report.pipe(process.stdout, { end: false });
report.on('end', () => {
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
