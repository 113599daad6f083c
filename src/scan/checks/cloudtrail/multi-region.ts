import { fail, notAssessed, pass, withRead, type Check } from '../../check.js';
import { accountResource, createTrailCli, managementEventsCli, startLoggingCli } from './fixes.js';

export const cloudTrailMultiRegion: Check = {
  meta: {
    id: 'cloudtrail.multi-region',
    title: 'A multi-region CloudTrail trail is logging all management events',
    service: 'cloudtrail',
    severity: 'high',
    threat:
      'The leaked-key attack runs in every region. Without a trail that records read and write management events everywhere, there is no record of what the key did, where, or what it created to come back.',
    cis: '3.1',
    pci: '10.2.1',
  },
  run({ snap }) {
    const resource = accountResource(snap);
    return withRead(snap.cloudtrail.trails, resource, 'global', (trails) => {
      const multi = trails.filter((t) => t.multiRegion);
      const good = multi.find((t) => t.status.ok && t.status.value.isLogging && t.managementEvents.ok && t.managementEvents.value.read && t.managementEvents.value.write);
      if (good) return [pass(good.arn, good.homeRegion, `Trail ${good.name} records read and write management events in every region.`)];
      if (!multi.length) return [fail(resource, 'global', 'No multi-region trail: API activity in most regions is not recorded anywhere.', { cli: createTrailCli(snap) })];
      // A trail whose status or selectors could not be read might be the good one.
      const unread = multi.find((t) => !t.status.ok || !t.managementEvents.ok);
      if (unread) {
        const err = !unread.status.ok ? unread.status.error : !unread.managementEvents.ok ? unread.managementEvents.error : 'unreadable';
        return [notAssessed(unread.arn, unread.homeRegion, err)];
      }
      return multi.map((t) => {
        const logging = t.status.ok && t.status.value.isLogging;
        const me = t.managementEvents.ok ? t.managementEvents.value : { read: false, write: false };
        if (!logging) return fail(t.arn, t.homeRegion, `Multi-region trail ${t.name} is not logging.`, { cli: startLoggingCli(t) });
        return fail(t.arn, t.homeRegion, `Multi-region trail ${t.name} does not record all management events (read: ${me.read}, write: ${me.write}).`, {
          cli: managementEventsCli(t),
          console: 'put-event-selectors replaces the trail\'s selectors: if it also records data events, add them back in the same call, or edit the trail in the CloudTrail console → Management events → API activity: Read and Write.',
        });
      });
    });
  },
};
