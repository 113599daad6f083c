import * as sts from '@aws-sdk/client-sts';
import type { FakeService } from '../fake.js';

export const stsService: FakeService = {
  prefix: 'sts',
  client: sts.STSClient,
  module: sts,
  global: true,
  handlers: {
    GetCallerIdentity(_input, ctx) {
      const arn = ctx.account.callerArn;
      return { Account: ctx.account.id, Arn: arn, UserId: arn.endsWith(':root') ? ctx.account.id : 'AIDAEXAMPLEEXAMPLE01' };
    },
  },
};
