import { sh } from '../../../util/shell.js';
import { fail, notAssessed, pass, withRead, type Check, type Result } from '../../check.js';
import { accountResource } from './fixes.js';

export const cloudTrailLogFileValidation: Check = {
  meta: {
    id: 'cloudtrail.log-file-validation',
    title: 'CloudTrail log file validation is enabled',
    service: 'cloudtrail',
    severity: 'medium',
    threat: 'An attacker with write access to the log bucket can delete or edit the records of what a leaked key did; validation digests let you prove whether the logs were altered.',
    cis: '3.2',
    pci: '10.3.4',
  },
  run({ snap }) {
    const resource = accountResource(snap);
    return withRead(snap.cloudtrail.trails, resource, 'global', (trails) => {
      const results: Result[] = trails.map((t) =>
        t.logFileValidation
          ? pass(t.arn, t.homeRegion, `Trail ${t.name} writes signed digest files.`)
          : fail(t.arn, t.homeRegion, `Trail ${t.name} has log file validation off: tampering with its logs would go unnoticed.`, {
              cli: `aws cloudtrail update-trail --name ${sh(t.arn)} --enable-log-file-validation --region ${sh(t.homeRegion)}`,
            }),
      );
      // Single-region trails homed where DescribeTrails failed are unknown, not compliant.
      for (const f of snap.cloudtrail.unreadRegions ?? []) results.push(notAssessed(resource, f.region, f));
      if (!results.length) results.push(pass(resource, 'global', 'No trail exists, so none lacks validation; cloudtrail.multi-region reports the missing trail.'));
      return results;
    });
  },
};
