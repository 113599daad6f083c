import * as sns from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { FakeError } from '../errors.js';
import type { FakeService } from '../fake.js';
import { accountWide, type FakeAccount } from '../state.js';

export interface FakeSns {
  topics: Map<string, { messages: { MessageId: string; Subject?: string; Message: string }[] }>;
}

export function snsState(account: FakeAccount): FakeSns {
  return accountWide(account, 'sns', () => ({ topics: new Map() }));
}

/** SNS Publish to a topic, with the API's limits on Subject and Message. */
export const snsService: FakeService = {
  prefix: 'sns',
  client: sns.SNSClient,
  module: sns,
  handlers: {
    Publish(input: sns.PublishCommandInput, ctx) {
      const topic = snsState(ctx.account).topics.get(input.TopicArn ?? '');
      if (!topic || input.TopicArn!.split(':')[3] !== ctx.region) throw new FakeError('NotFound', 'Topic does not exist', 404);
      if (!input.Message) throw new FakeError('InvalidParameter', 'Invalid parameter: Empty message', 400);
      if (Buffer.byteLength(input.Message) > 262_144) throw new FakeError('InvalidParameter', 'Invalid parameter: Message too long', 400);
      // Subject: "UTF-8 text with no line breaks or control characters, and less than 100 characters long".
      if (input.Subject !== undefined && (input.Subject.length >= 100 || /[\u0000-\u001f\u007f-\u009f]/.test(input.Subject)))
        throw new FakeError('InvalidParameter', 'Invalid parameter: Subject', 400);
      const MessageId = randomUUID();
      topic.messages.push({ MessageId, ...(input.Subject ? { Subject: input.Subject } : {}), Message: input.Message });
      return { MessageId };
    },
  },
};
