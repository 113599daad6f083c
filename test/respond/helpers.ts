import Database from 'better-sqlite3';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ResponseStore } from '../../src/store/responses.js';
import { createFake, EXAMPLE_CREDENTIALS, type FakeAccount, type FakeAws } from '../fake/index.js';
import { vulnerableAccount, exampleKeyId } from '../fake/seeds.js';
import { allowSelfServiceKeys, playBriefAttack, type AttackOutcome } from '../fake/attack.js';
import { ec2State, seedInstance, seedKeyPair, type FakeInstance } from '../fake/services/ec2-respond.js';

export const LEAKED = { accessKeyId: exampleKeyId('devpower'), secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const READ = /:(Describe|List|Get|Lookup)/;

/** Write calls (anything but Describe/List/Get/Lookup) made since a snapshot of the fake's counters. */
export function writesSince(fake: FakeAws, since: Map<string, number>): Map<string, number> {
  return new Map([...fake.callsSince(since)].filter(([api]) => !READ.test(api)));
}

export interface Scene {
  fake: FakeAws;
  account: FakeAccount;
  attack: AttackOutcome;
  aws: Aws;
  db: Database.Database;
  store: ResponseStore;
  victimInstances: FakeInstance[];
  victimApiInstance: string;
  done(): void;
}

/**
 * The brief's account after the attack: the victim's own instances (seeded,
 * and one launched through the API by the account's own responder identity,
 * so that CloudTrail shows another principal creating things too), then the
 * attacker's run through every region.
 */
export async function briefScene(o: { regions?: string[]; instancesPerRegion?: number } = {}): Promise<Scene> {
  const account = vulnerableAccount();
  allowSelfServiceKeys(account);
  const victimInstances = [
    seedInstance(account.regions.get('us-east-1')!, { type: 't3.micro' }),
    seedInstance(account.regions.get('us-east-1')!, { type: 'm5.large' }),
    seedInstance(account.regions.get('ap-northeast-1')!, { type: 't3.micro' }),
  ];
  seedKeyPair(account.regions.get('us-east-1')!, 'deploy');
  const fake = createFake([account]);
  const victimEc2 = new EC2Client({ region: 'eu-west-1', credentials: EXAMPLE_CREDENTIALS });
  const launched = await victimEc2.send(new RunInstancesCommand({ ImageId: 'ami-0aaaaaaaaaaaaaaaa', InstanceType: 't3.medium', MinCount: 1, MaxCount: 1 }));
  victimEc2.destroy();
  const attack = await playBriefAttack(fake, LEAKED, o);
  const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
  const db = openDatabase(':memory:');
  return {
    fake,
    account,
    attack,
    aws,
    db,
    store: new ResponseStore(db),
    victimInstances,
    victimApiInstance: launched.Instances![0]!.InstanceId!,
    done() {
      aws.destroy();
      db.close();
      fake.uninstall();
    },
  };
}

export function instancesIn(a: FakeAccount, region: string): FakeInstance[] {
  return [...ec2State(a.regions.get(region)!).instances.values()];
}
