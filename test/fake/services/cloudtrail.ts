import * as ct from '@aws-sdk/client-cloudtrail';
import { performance } from 'node:perf_hooks';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { regional, type FakeRegion } from '../state.js';

export interface FakeCloudTrail {
  /** Management events recorded in this region (CloudTrail records). */
  events: Record<string, any>[];
  /** Start times of recent LookupEvents calls, for the 2 requests/s limit. */
  lookupCalls: number[];
}

export function cloudTrailState(region: FakeRegion): FakeCloudTrail {
  return regional(region, 'cloudtrail', () => ({ events: [], lookupCalls: [] }));
}

const PAGE = 50;

/**
 * CloudTrail LookupEvents: newest first, at most 50 per page, an opaque
 * NextToken, one lookup attribute at most, and the documented limit of two
 * requests per second per account and region (ThrottlingException beyond).
 */
export const cloudTrailService: FakeService = {
  prefix: 'cloudtrail',
  client: ct.CloudTrailClient,
  module: ct,
  handlers: {
    LookupEvents(input: ct.LookupEventsCommandInput, ctx: FakeCtx) {
      const st = cloudTrailState(ctx.regionState);
      const now = performance.now();
      st.lookupCalls = st.lookupCalls.filter((t) => now - t < 1000);
      if (st.lookupCalls.length >= 2) throw new FakeError('ThrottlingException', 'Rate exceeded', 400);
      st.lookupCalls.push(now);
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > PAGE))
        throw new FakeError('InvalidMaxResultsException', 'Maximum results must be between 1 and 50.', 400);
      if ((input.LookupAttributes?.length ?? 0) > 1) throw new FakeError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.', 400);
      const start = input.StartTime ? new Date(input.StartTime).getTime() : -Infinity;
      const end = input.EndTime ? new Date(input.EndTime).getTime() : Infinity;
      if (start > end) throw new FakeError('InvalidTimeRangeException', 'Start time must be earlier than end time.', 400);
      const attr = input.LookupAttributes?.[0];
      const matches = st.events
        .filter((e) => {
          const t = Date.parse(e.eventTime);
          if (t < start || t > end) return false;
          if (!attr) return true;
          const v = attr.AttributeValue;
          switch (attr.AttributeKey) {
            case 'EventName':
              return e.eventName === v;
            case 'EventSource':
              return e.eventSource === v;
            case 'Username':
              return e.userIdentity?.userName === v;
            case 'AccessKeyId':
              return e.userIdentity?.accessKeyId === v;
            case 'EventId':
              return e.eventID === v;
            case 'ReadOnly':
              return String(e.readOnly) === v;
            default:
              return false;
          }
        })
        .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
      let offset = 0;
      if (input.NextToken) {
        try {
          offset = JSON.parse(Buffer.from(input.NextToken, 'base64url').toString()).o;
          if (typeof offset !== 'number' || offset < 0 || offset > matches.length) throw new Error();
        } catch {
          throw new FakeError('InvalidNextTokenException', 'Invalid NextToken.', 400);
        }
      }
      const size = input.MaxResults ?? PAGE;
      const page = matches.slice(offset, offset + size);
      const next = offset + page.length < matches.length ? Buffer.from(JSON.stringify({ o: offset + page.length, r: Math.random() })).toString('base64url') : undefined;
      return {
        Events: page.map((e) => ({
          EventId: e.eventID,
          EventName: e.eventName,
          ReadOnly: String(e.readOnly ?? false),
          ...(e.userIdentity?.accessKeyId ? { AccessKeyId: e.userIdentity.accessKeyId } : {}),
          EventTime: new Date(e.eventTime),
          EventSource: e.eventSource,
          ...(e.userIdentity?.userName ? { Username: e.userIdentity.userName } : {}),
          Resources: [],
          CloudTrailEvent: JSON.stringify(e),
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
};
