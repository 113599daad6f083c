import { sh } from '../../../util/shell.js';
import { fail, pass, perRegion, type Check, regionalArn } from '../../check.js';

export const guardDutyEnabled: Check = {
  meta: {
    id: 'guardduty.enabled',
    title: 'GuardDuty is enabled in every enabled region',
    service: 'guardduty',
    severity: 'high',
    threat:
      'A leaked key is used to start miners in every region at once, most of them regions you never use. GuardDuty raised CryptoCurrency:EC2/BitcoinTool.B where it was on; a region without a detector is a region where the attack goes unseen.',
    pci: '11.5.1',
  },
  run(ctx) {
    return perRegion(
      ctx,
      ctx.snap.guardduty,
      (region) => regionalArn(ctx.snap, 'guardduty', region, 'detector'),
      (gd, region, resource) => {
        const enabled = gd.detectors.find((d) => d.status === 'ENABLED');
        if (enabled) return [pass(`${resource}/${enabled.id}`, region, `Detector ${enabled.id} is enabled.`)];
        const suspended = gd.detectors[0];
        if (suspended)
          return [
            fail(`${resource}/${suspended.id}`, region, `GuardDuty detector ${suspended.id} exists but is ${suspended.status}: nothing is being watched in ${region}.`, {
              cli: `aws guardduty update-detector --detector-id ${sh(suspended.id)} --enable --region ${sh(region)}`,
            }),
          ];
        return [
          fail(resource, region, `GuardDuty has no detector in ${region}: an attacker starting instances here is not seen.`, {
            cli: `aws guardduty create-detector --enable --finding-publishing-frequency FIFTEEN_MINUTES --region ${sh(region)}`,
          }),
        ];
      },
    );
  },
};
