import * as sns from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { FakeError } from '../errors.js';
import type { FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';

export interface FakeSubscription {
  protocol: string;
  endpoint: string;
  confirmed: boolean;
  id: string;
}
export interface FakeSns {
  topics: Map<string, { subscriptions: FakeSubscription[]; messages: { MessageId: string; Subject?: string; Message: string }[] }>;
}

export const snsState = (r: FakeRegion) => regional<FakeSns>(r, 'sns', () => ({ topics: new Map() }));

export const snsService: FakeService = {
  prefix: 'sns',
  client: sns.SNSClient,
  module: sns,
  handlers: {
    Publish(input: sns.PublishCommandInput, ctx) {
      const topic = snsState(ctx.regionState).topics.get(input.TopicArn ?? '');
      if (!topic) throw new FakeError('NotFound', 'Topic does not exist', 404);
      if (!input.Message) throw new FakeError('InvalidParameter', 'Invalid parameter: Empty message', 400);
      if (Buffer.byteLength(input.Message) > 262_144) throw new FakeError('InvalidParameter', 'Invalid parameter: Message too long', 400);
      // Subject: "UTF-8 text with no line breaks or control characters, and less than 100 characters long".
      if (input.Subject !== undefined && (input.Subject.length >= 100 || /[\u0000-\u001f\u007f-\u009f]/.test(input.Subject)))
        throw new FakeError('InvalidParameter', 'Invalid parameter: Subject', 400);
      const MessageId = randomUUID();
      topic.messages.push({ MessageId, ...(input.Subject ? { Subject: input.Subject } : {}), Message: input.Message });
      return { MessageId };
    },
    ListSubscriptionsByTopic(input, ctx) {
      const topic = snsState(ctx.regionState).topics.get(input.TopicArn);
      // SNS's wire code is "NotFound"; the SDK surfaces it as NotFoundException.
      if (!topic) throw new FakeError('NotFound', 'Topic does not exist', 404);
      const { page, next } = paginate(topic.subscriptions, input.NextToken, undefined, 100);
      return {
        Subscriptions: page.map((s) => ({
          SubscriptionArn: s.confirmed ? `${input.TopicArn}:${s.id}` : 'PendingConfirmation',
          Owner: ctx.account.id,
          Protocol: s.protocol,
          Endpoint: s.endpoint,
          TopicArn: input.TopicArn,
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

export function addTopic(account: FakeAccount, region: string, name: string): string {
  const arn = `arn:aws:sns:${region}:${account.id}:${name}`;
  const s = snsState(account.regions.get(region)!);
  if (!s.topics.has(arn)) s.topics.set(arn, { subscriptions: [], messages: [] });
  return arn;
}

export function subscribe(account: FakeAccount, topicArn: string, endpoint: string, confirmed = true, protocol = 'email'): void {
  const region = topicArn.split(':')[3]!;
  const s = snsState(account.regions.get(region)!);
  const topic = s.topics.get(topicArn);
  if (!topic) throw new Error(`seed: no topic ${topicArn}`);
  topic.subscriptions.push({ protocol, endpoint, confirmed, id: `${topic.subscriptions.length + 1}`.padStart(8, '0') + '-aaaa-bbbb-cccc-000000000000' });
}
