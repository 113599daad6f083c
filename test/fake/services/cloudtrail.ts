import * as ct from '@aws-sdk/client-cloudtrail';
import type { FakeService } from '../fake.js';
import { lookupEventsHandlers } from './cloudtrail-events.js';

/** CloudTrail. Event history (LookupEvents) lives in cloudtrail-events.ts; trail handlers are added beside it. */
export const cloudTrailService: FakeService = {
  prefix: 'cloudtrail',
  client: ct.CloudTrailClient,
  module: ct,
  handlers: {
    ...lookupEventsHandlers,
  },
};
