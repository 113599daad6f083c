/**
 * Runs one collector against the AWS fake, through the real client layer
 * (Aws.send/pages), into an empty snapshot, as `mamori scan` would.
 */
import { Aws } from '../../../src/aws/clients.js';
import type { Collector } from '../../../src/scan/collect/context.js';
import { emptySnapshot } from '../../../src/scan/collect/index.js';
import type { AccountSnapshot } from '../../../src/scan/snapshot.js';
import { createFake, emptyAccount, EXAMPLE_CREDENTIALS, type FakeAccount } from '../../fake/index.js';
import type { Fault, FakeAws } from '../../fake/fake.js';

export const TEST_ACCOUNT = '111122223333';

export function newAccount(): FakeAccount {
  return emptyAccount(TEST_ACCOUNT);
}

export async function runCollector(
  collector: Collector,
  account: FakeAccount,
  opts: { regions?: string[]; faults?: Fault[] } = {},
): Promise<{ snap: AccountSnapshot; fake: FakeAws }> {
  const fake = createFake([account]);
  for (const f of opts.faults ?? []) fake.fail(f);
  const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
  const snap = emptySnapshot({ id: account.id, partition: 'aws', callerArn: account.callerArn }, opts.regions ?? ['eu-west-1', 'us-east-1']);
  try {
    await collector({ aws, snap, progress: () => {}, pollMs: 0 });
  } finally {
    aws.destroy();
    fake.uninstall();
  }
  // What a saved snapshot would hold: JSON round trip proves the sections serialize.
  return { snap: JSON.parse(JSON.stringify(snap)) as AccountSnapshot, fake };
}

export function value<T>(r: { ok: boolean } | undefined): T {
  if (!r || !r.ok) throw new Error(`expected a successful read, got ${JSON.stringify(r)}`);
  return (r as { ok: true; value: T }).value;
}
