import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Detector } from '../../src/detect/engine.js';
import type { CloudTrailEvent } from '../../src/detect/event.js';
import { compileSources, type LoadResult } from '../../src/detect/sigma/ruleset.js';

export const FIXTURES = join(process.cwd(), 'test', 'fixtures');

export function load(...texts: string[]): LoadResult {
  return compileSources(texts.map((text, i) => ({ file: `rule${i}.yml`, text })));
}

/** Compiles one detection from its `detection:` body (YAML, indented by 4). */
export function detection(body: string): (e: CloudTrailEvent) => boolean {
  const r = load(`title: t\nid: t1\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n${body}\nlevel: high\n`);
  if (r.errors.length) throw r.errors[0];
  return r.ruleset.detections[0]!.match;
}

/** The error a rule is rejected with. */
export function rejection(text: string): Error {
  const r = load(text);
  if (!r.errors.length) throw new Error('rule was accepted');
  return r.errors[0]!;
}

export function stratus(name: string): CloudTrailEvent[] {
  // Stored gzipped, content unchanged: the anonymised key ids inside must not look like leaked keys to scanners.
  return JSON.parse(gunzipSync(readFileSync(join(FIXTURES, 'cloudtrail', 'stratus', `aws.${name}.json.gz`))).toString('utf8'));
}

export function run(result: LoadResult, events: CloudTrailEvent[]) {
  if (result.errors.length) throw result.errors[0];
  const d = new Detector(result.ruleset);
  for (const e of events) d.process(e);
  return d.finish();
}

let seq = 0;
/** A CloudTrail record with sensible defaults; override what the test is about. */
export function ev(over: Record<string, unknown> = {}): CloudTrailEvent {
  seq++;
  return {
    eventVersion: '1.09',
    eventTime: '2026-11-20T10:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSER00001',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
    },
    requestParameters: null,
    responseElements: null,
    eventID: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...over,
  };
}

/** ISO time `minutes` after 2026-11-20T10:00:00Z. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 20, 10, 0, 0) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}
