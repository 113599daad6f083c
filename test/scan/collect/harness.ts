/**
 * Runs one collector against the fake: a fresh account, the real Aws client
 * layer (retries off, so an injected error is what the collector sees), and
 * a snapshot whose regions the test chooses — including ones the account
 * has not opted into, which selectRegions would normally skip.
 */
import { randomBytes } from 'node:crypto';
import { Aws } from '../../../src/aws/clients.js';
import { emptySnapshot } from '../../../src/scan/collect/index.js';
import type { Collector, CollectContext } from '../../../src/scan/collect/context.js';
import { createFake, emptyAccount, EXAMPLE_CREDENTIALS, type FakeAccount, type FakeAws } from '../../fake/index.js';

export interface Harness {
  account: FakeAccount;
  fake: FakeAws;
  ctx: CollectContext;
  run(collector: Collector): Promise<CollectContext['snap']>;
  done(): void;
}

export function harness(regions = ['eu-west-1', 'us-east-1']): Harness {
  const account = emptyAccount('123456789012');
  const fake = createFake([account]);
  const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
  const snap = emptySnapshot({ id: account.id, partition: 'aws', callerArn: account.callerArn }, regions);
  const ctx: CollectContext = { aws, snap, progress: () => {}, pollMs: 0 };
  return {
    account,
    fake,
    ctx,
    async run(collector) {
      await collector(ctx);
      return ctx.snap;
    },
    done() {
      aws.destroy();
      fake.uninstall();
    },
  };
}

/** A key id that is not AWS's example, made at run time so the repository holds none. */
export function generatedKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return 'AKIA' + Array.from(randomBytes(16), (b) => alphabet[b % 32]).join('');
}
export function generatedSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
  return Array.from(randomBytes(40), (b) => alphabet[b % 64]).join('');
}
