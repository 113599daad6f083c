import { rdsPublicSnapshots } from '../../../src/scan/checks/rds/public-snapshots.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

checkTester(rdsPublicSnapshots, {
  valid: [{ name: 'no public snapshot', expect: [{ status: 'PASS', region: 'eu-west-1' }, { status: 'PASS', region: 'us-east-1' }] }],
  invalid: [
    {
      name: 'a public DB snapshot and a public cluster snapshot get their own commands',
      setup: (s) =>
        (s.rds.publicSnapshots['us-east-1'] = ok([
          { id: 'prod-final', arn: 'arn:aws:rds:us-east-1:123456789012:snapshot:prod-final', cluster: false },
          { id: 'aurora-copy', arn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:aurora-copy', cluster: true },
        ])),
      expect: [
        {
          status: 'FAIL',
          resource: 'arn:aws:rds:us-east-1:123456789012:snapshot:prod-final',
          fix: /^aws rds modify-db-snapshot-attribute --db-snapshot-identifier prod-final --attribute-name restore --values-to-remove all --region us-east-1$/m,
        },
        {
          status: 'FAIL',
          resource: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:aurora-copy',
          fix: /^aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier aurora-copy --attribute-name restore --values-to-remove all --region us-east-1$/m,
        },
        { status: 'PASS', region: 'eu-west-1' },
      ],
    },
    {
      name: 'unreadable region is NOT_ASSESSED',
      setup: (s) => (s.rds.publicSnapshots['eu-west-1'] = denied('rds:DescribeDBSnapshots', 'eu-west-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1' }],
    },
  ],
});
