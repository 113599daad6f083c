import * as ec2 from '@aws-sdk/client-ec2';
import type { FakeService } from '../fake.js';
import { ec2RespondHandlers } from './ec2-respond.js';

/** EC2. Region listing lives here; resource handlers are added beside it. */
export const ec2Service: FakeService = {
  prefix: 'ec2',
  client: ec2.EC2Client,
  module: ec2,
  handlers: {
    ...ec2RespondHandlers,
    DescribeRegions(input, ctx) {
      const regions = [...ctx.account.regions.values()]
        .filter((r) => input.AllRegions || r.optIn !== 'not-opted-in')
        .map((r) => ({ RegionName: r.name, Endpoint: `ec2.${r.name}.amazonaws.com`, OptInStatus: r.optIn }));
      return { Regions: regions };
    },
  },
};
