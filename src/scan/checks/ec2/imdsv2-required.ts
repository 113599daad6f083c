import { fail, pass, perRegion, type Check, regionalArn } from '../../check.js';
import { sh } from '../../../util/shell.js';

export const ec2Imdsv2Required: Check = {
  meta: {
    id: 'ec2.imdsv2-required',
    title: 'EC2 instances require IMDSv2',
    service: 'ec2',
    severity: 'high',
    threat:
      'With IMDSv1 allowed, one server-side request forgery in any application on the instance returns the instance role\'s temporary keys from 169.254.169.254 — an access key leak without a repository.',
    cis: '5.7',
    pci: '2.2.6',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      snap.ec2.instances,
      (region) => regionalArn(snap, 'ec2', region, 'instance/*'),
      (instances, region, resource) => {
        const open = instances.filter((i) => i.httpEndpoint !== 'disabled' && i.httpTokens !== 'required');
        if (open.length === 0)
          return [pass(resource, region, instances.length ? `All ${instances.length} instances require IMDSv2 or have the metadata service off.` : 'No instances.')];
        return open.map((i) =>
          fail(
            i.arn,
            region,
            `Instance ${i.id}${i.name ? ` (${i.name})` : ''} accepts IMDSv1 (HttpTokens=${i.httpTokens}).`,
            {
              cli: `aws ec2 modify-instance-metadata-options --instance-id ${sh(i.id)} --http-tokens required --region ${sh(region)}`,
              console: 'Check first that the software on it uses an SDK from 2019 or later (IMDSv2-aware). To make it the default for new instances: aws ec2 modify-instance-metadata-defaults --http-tokens required --region ' + sh(region),
            },
            { details: { state: i.state, type: i.type } },
          ),
        );
      },
    );
  },
};
