import { FakeError } from '../errors.js';
import type { Handler } from '../fake.js';
import { paginate } from '../paging.js';
import { eventHistory, type FakeTrailEvent } from '../trail.js';

const ATTRIBUTES: Record<string, (e: FakeTrailEvent, v: string) => boolean> = {
  EventId: (e, v) => e.eventId === v,
  EventName: (e, v) => e.eventName === v,
  ReadOnly: (e, v) => String(e.readOnly) === v,
  Username: (e, v) => e.username === v,
  ResourceType: (e, v) => e.resources.some((r) => r.ResourceType === v),
  ResourceName: (e, v) => e.resources.some((r) => r.ResourceName === v),
  EventSource: (e, v) => e.eventSource === v,
  AccessKeyId: (e, v) => e.accessKeyId === v,
};

/** Requests per second per account per region, as the LookupEvents reference states. */
export const LOOKUP_RATE_PER_SECOND = 2;

/**
 * CloudTrail event history. LookupEvents: one lookup attribute at most, 50
 * events a page (default and maximum), newest first, an opaque NextToken, and
 * ThrottlingException beyond 2 requests in any one-second window per region.
 * Spread into the CloudTrail service's handlers (services/cloudtrail.ts).
 */
export const lookupEventsHandlers: Record<string, Handler> = {
  LookupEvents(input, ctx) {
    const history = eventHistory(ctx.account, ctx.region);
    const now = Date.now();
    history.lookups = history.lookups.filter((t) => t > now - 1000);
    if (ctx.fake.enforceLookupRate && history.lookups.length >= LOOKUP_RATE_PER_SECOND) throw new FakeError('ThrottlingException', 'Rate exceeded', 400);
    history.lookups.push(now);
    const attrs: { AttributeKey: string; AttributeValue: string }[] = input.LookupAttributes ?? [];
    if (attrs.length > 1) throw new FakeError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.', 400);
    const attr = attrs[0];
    if (attr && !ATTRIBUTES[attr.AttributeKey]) throw new FakeError('InvalidLookupAttributesException', `Invalid attribute key: ${attr.AttributeKey}`, 400);
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 50))
      throw new FakeError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.', 400);
    const start = input.StartTime ? new Date(input.StartTime) : new Date(0);
    const end = input.EndTime ? new Date(input.EndTime) : new Date(8.64e15);
    if (start > end) throw new FakeError('InvalidTimeRangeException', 'StartTime must be before EndTime.', 400);
    const matching = history.events
      .filter((e) => e.eventTime >= start && e.eventTime <= end && (!attr || ATTRIBUTES[attr.AttributeKey]!(e, attr.AttributeValue)))
      .reverse();
    let page, next;
    try {
      ({ page, next } = paginate(matching, input.NextToken, input.MaxResults, 50));
    } catch {
      throw new FakeError('InvalidNextTokenException', 'Invalid NextToken.', 400);
    }
    return {
      Events: page.map((e) => ({
        EventId: e.eventId,
        EventName: e.eventName,
        ReadOnly: String(e.readOnly),
        AccessKeyId: e.accessKeyId,
        EventTime: e.eventTime,
        EventSource: e.eventSource,
        ...(e.username ? { Username: e.username } : {}),
        Resources: e.resources,
        CloudTrailEvent: JSON.stringify(e.record),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  },
};
