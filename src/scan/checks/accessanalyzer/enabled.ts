import { sh } from '../../../util/shell.js';
import { fail, pass, perRegion, type Check, regionalArn } from '../../check.js';

/** External-access analyzers; the unused-access kinds do not report resources shared outside the account. */
const EXTERNAL = new Set(['ACCOUNT', 'ORGANIZATION']);

export const accessAnalyzerEnabled: Check = {
  meta: {
    id: 'accessanalyzer.enabled',
    title: 'IAM Access Analyzer (external access) is active in every region',
    service: 'accessanalyzer',
    severity: 'low',
    threat: 'An attacker keeps access by sharing a role, bucket or key with an account they own; an external-access analyzer reports such grants in the region where they are made.',
    cis: '1.19',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      ctx.snap.accessAnalyzer,
      (region) => regionalArn(snap, 'access-analyzer', region, 'analyzer'),
      (analyzers, region, resource) => {
        const active = analyzers.find((a) => EXTERNAL.has(a.type) && a.status === 'ACTIVE');
        if (active) return [pass(`${resource}/${active.name}`, region, `Analyzer ${active.name} (${active.type}) is active.`)];
        const inactive = analyzers.find((a) => EXTERNAL.has(a.type));
        return [
          fail(resource, region, inactive ? `Analyzer ${inactive.name} is ${inactive.status}, not ACTIVE.` : `No external-access analyzer in ${region}.`, {
            cli: `aws accessanalyzer create-analyzer --analyzer-name ${sh(`ExternalAccess-${region}`)} --type ACCOUNT --region ${sh(region)}`,
          }),
        ];
      },
    );
  },
};
