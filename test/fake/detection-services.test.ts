/**
 * The detection services of the fake behave as AWS documents them where a
 * collector could be misled: shadow trails, name vs ARN lookups, error
 * classes, account checks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BudgetsClient, DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, TrailNotFoundException } from '@aws-sdk/client-cloudtrail';
import { GetDetectorCommand, GuardDutyClient, BadRequestException, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import { ListSubscriptionsByTopicCommand, NotFoundException, SNSClient } from '@aws-sdk/client-sns';
import { createFake, emptyAccount, EXAMPLE_CREDENTIALS, type FakeAws } from './index.js';
import { addBudget } from './services/budgets.js';
import { addTrail, trailArn } from './services/cloudtrail.js';
import { enableGuardDuty } from './services/guardduty.js';

const ACCOUNT = '444455556666';
const client = <C>(Ctor: new (c: object) => C, region: string) => new Ctor({ region, credentials: EXAMPLE_CREDENTIALS });

describe('fake detection services', () => {
  let fake: FakeAws;
  const a = emptyAccount(ACCOUNT);
  const multi = addTrail(a, 'us-east-1', { name: 'everywhere' });
  addTrail(a, 'eu-west-1', { name: 'local', multiRegion: false });
  enableGuardDuty(a, ['us-east-1']);
  addBudget(a, 'monthly');
  before(() => (fake = createFake([a])));
  after(() => fake.uninstall());

  it('DescribeTrails lists shadow trails unless includeShadowTrails is false', async () => {
    const ct = client(CloudTrailClient, 'eu-west-1');
    const all = await ct.send(new DescribeTrailsCommand({}));
    assert.deepEqual(all.trailList?.map((t) => t.Name).sort(), ['everywhere', 'local']);
    const own = await ct.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    assert.deepEqual(own.trailList?.map((t) => t.Name), ['local']);
  });

  it('GetTrailStatus by name only finds trails homed in the called region; by ARN, shadows too', async () => {
    const ct = client(CloudTrailClient, 'eu-west-1');
    await assert.rejects(ct.send(new GetTrailStatusCommand({ Name: 'everywhere' })), TrailNotFoundException);
    const s = await ct.send(new GetTrailStatusCommand({ Name: trailArn(a, multi) }));
    assert.equal(s.IsLogging, true);
  });

  it('GuardDuty rejects an unknown detector with BadRequestException and unsupported criteria loudly', async () => {
    const gd = client(GuardDutyClient, 'us-east-1');
    await assert.rejects(gd.send(new GetDetectorCommand({ DetectorId: '0'.repeat(32) })), BadRequestException);
    const [id] = (await import('./services/guardduty.js')).guardDutyState(a.regions.get('us-east-1')!).detectors.keys();
    await assert.rejects(gd.send(new ListFindingsCommand({ DetectorId: id!, FindingCriteria: { Criterion: { 'resource.resourceType': { Equals: ['Instance'] } } } })), BadRequestException);
  });

  it('SNS answers NotFoundException for a topic that does not exist', async () => {
    const sns = client(SNSClient, 'us-east-1');
    await assert.rejects(sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:nope` })), NotFoundException);
  });

  it('Budgets refuses another account id', async () => {
    const b = client(BudgetsClient, 'us-east-1');
    await assert.rejects(b.send(new DescribeBudgetsCommand({ AccountId: '999999999999' })), /not authorized/);
    const ok = await b.send(new DescribeBudgetsCommand({ AccountId: ACCOUNT }));
    assert.deepEqual(ok.Budgets?.map((x) => x.BudgetName), ['monthly']);
  });
});
