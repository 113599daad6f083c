import { fail, notAssessed, pass, perRegion, type Check, type Result, regionalArn } from '../../check.js';
import { sh } from '../../../util/shell.js';

export const lambdaUrlAuthNone: Check = {
  meta: {
    id: 'lambda.url-auth-none',
    title: 'Lambda function URLs require IAM authentication',
    service: 'lambda',
    severity: 'high',
    threat:
      'A function URL with AuthType NONE is a public HTTPS endpoint: anyone who finds it can run the function with its role\'s permissions and run up invocation costs, unless the code checks every request itself.',
    pci: '7.2.1',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      snap.lambda.functions,
      (region) => regionalArn(snap, 'lambda', region, 'function:*'),
      (fns, region, resource) => {
        const results: Result[] = [];
        for (const f of fns) {
          if (!f.urls.ok) {
            results.push(notAssessed(f.arn, region, f.urls.error));
            continue;
          }
          for (const u of f.urls.value.filter((u) => u.authType === 'NONE')) {
            const qualifier = u.qualifier ? ` --qualifier ${sh(u.qualifier)}` : '';
            results.push(
              fail(
                u.qualifier ? `${f.arn}:${u.qualifier}` : f.arn,
                region,
                `Function URL ${u.url} of ${f.name}${u.qualifier ? ` (alias ${u.qualifier})` : ''} accepts unauthenticated requests (AuthType NONE).`,
                {
                  cli: `aws lambda update-function-url-config --function-name ${sh(f.name)}${qualifier} --auth-type AWS_IAM --region ${sh(region)}`,
                  console: 'If the URL must stay public (a webhook), keep AuthType NONE only with request verification in the code (signature or shared secret) and a reserved concurrency cap, then suppress this finding.',
                },
                { details: { url: u.url } },
              ),
            );
          }
        }
        if (results.length === 0) results.push(pass(resource, region, `No function URL without authentication among ${fns.length} functions.`));
        return results;
      },
    );
  },
};
