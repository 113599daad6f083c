import { fail, notAssessed, pass, withRead, type Check } from '../../check.js';
import { accountResource, cloudWatchDeliveryCli, createTrailCli, preferredRegion, startLoggingCli } from './fixes.js';

export const cloudTrailCloudWatchLogs: Check = {
  meta: {
    id: 'cloudtrail.cloudwatch-logs',
    title: 'A multi-region trail delivers to CloudWatch Logs',
    service: 'cloudtrail',
    severity: 'medium',
    threat:
      'CloudTrail files in S3 arrive minutes late and nobody reads them. Delivered to CloudWatch Logs, events can raise alarms (root use, console logins without MFA, trail changes) while the attack is running.',
    pci: '10.4.1.1',
  },
  run({ snap }) {
    const resource = accountResource(snap);
    return withRead(snap.cloudtrail.trails, resource, 'global', (trails) => {
      const multi = trails.filter((t) => t.multiRegion);
      const logging = (t: (typeof multi)[number]) => t.status.ok && t.status.value.isLogging;
      const good = multi.find((t) => t.cloudWatchLogGroupArn && logging(t));
      if (good) return [pass(good.arn, good.homeRegion, `Trail ${good.name} delivers to ${good.cloudWatchLogGroupArn}.`, { logGroup: good.cloudWatchLogGroupArn })];
      if (!multi.length) {
        const d = cloudWatchDeliveryCli(snap, { name: 'mamori-trail', arn: 'mamori-trail', homeRegion: preferredRegion(snap) });
        return [fail(resource, 'global', 'No multi-region trail, so nothing can reach CloudWatch Logs.', { cli: `${createTrailCli(snap)}\n${d.cli}` })];
      }
      const unread = multi.find((t) => t.cloudWatchLogGroupArn && !t.status.ok);
      if (unread && !unread.status.ok) return [notAssessed(unread.arn, unread.homeRegion, unread.status.error)];
      const withGroup = multi.find((t) => t.cloudWatchLogGroupArn);
      if (withGroup)
        return [fail(withGroup.arn, withGroup.homeRegion, `Trail ${withGroup.name} delivers to CloudWatch Logs but is not logging.`, { cli: startLoggingCli(withGroup) })];
      const t = multi[0]!;
      return [fail(t.arn, t.homeRegion, `Multi-region trail ${t.name} does not deliver to CloudWatch Logs: no alarm can fire on its events.`, { cli: cloudWatchDeliveryCli(snap, t).cli })];
    });
  },
};
