/**
 * Builds the DEMO snapshot: the collectors run against the fake's vulnerable
 * account exactly as they would against AWS, and the result is labelled demo.
 */
import { Aws } from '../../src/aws/clients.js';
import { collectSnapshot } from '../../src/scan/collect/index.js';
import type { AccountSnapshot } from '../../src/scan/snapshot.js';
import { createFake, EXAMPLE_CREDENTIALS } from './index.js';
import { vulnerableAccount } from './seeds.js';

export async function buildDemoSnapshot(): Promise<AccountSnapshot> {
  const fake = createFake([vulnerableAccount('123456789012')]);
  const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1' });
  try {
    const snap = await collectSnapshot(aws, { pollMs: 0 });
    snap.demo = true;
    return snap;
  } finally {
    aws.destroy();
    fake.uninstall();
  }
}
