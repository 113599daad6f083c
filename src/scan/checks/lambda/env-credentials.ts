import { fail, notAssessed, pass, perRegion, type Check, type Result } from '../../check.js';
import { sh } from '../../../util/shell.js';

/** Detector rules that mean "an AWS credential is in there". */
const KEY_RULES = new Set(['aws-access-key-id', 'aws-secret-access-key']);

/**
 * Removes the named variables and keeps the others: Lambda's update call
 * replaces the whole environment, and the values were never read into the
 * snapshot, so the command fetches them at fix time.
 */
function removeVariablesCommand(fn: string, region: string, names: string[]): string {
  const jq = `del(${names.map((n) => `.Variables[${JSON.stringify(n)}]`).join(', ')})`;
  return [
    `aws lambda get-function-configuration --function-name ${sh(fn)} --region ${sh(region)} --query '{Variables: Environment.Variables}' --output json | jq ${sh(jq)} > env.json`,
    `aws lambda update-function-configuration --function-name ${sh(fn)} --region ${sh(region)} --environment file://env.json`,
  ].join('\n');
}

export const lambdaEnvCredentials: Check = {
  meta: {
    id: 'lambda.env-credentials',
    title: 'No AWS credentials in Lambda environment variables',
    service: 'lambda',
    severity: 'critical',
    threat:
      'Environment variables are plaintext to anyone with lambda:GetFunctionConfiguration and travel into logs, CI output and support tickets; a long-lived access key there is the leaked-key incident waiting to happen, while the function\'s own role already gives it short-lived credentials.',
    pci: '8.6.2',
  },
  run(ctx) {
    const { snap } = ctx;
    const p = snap.account.partition;
    return perRegion(
      ctx,
      snap.lambda.functions,
      (region) => `arn:${p}:lambda:${region}:${snap.account.id}:function:*`,
      (fns, region) => {
        const results: Result[] = [];
        for (const f of fns) {
          if (f.envError) {
            results.push(notAssessed(f.arn, region, `environment not readable (${f.envError})`));
            continue;
          }
          const real = f.envSecrets.filter((s) => !s.example);
          if (real.length === 0) {
            if (f.envSecrets.length)
              results.push({
                ...pass(f.arn, region, `Only AWS's documented example keys (${f.envSecrets.map((s) => `${s.location}=${s.masked}`).join(', ')}): not real credentials.`),
                severity: 'info',
              });
            continue;
          }
          const names = [...new Set(real.map((s) => s.location))];
          const keyShaped = real.some((s) => KEY_RULES.has(s.rule));
          results.push(
            fail(
              f.arn,
              region,
              `Function ${f.name} holds ${keyShaped ? 'AWS credentials' : 'a value under an AWS secret key name'} in its environment: ${real.map((s) => `${s.location}=${s.masked}`).join(', ')}.`,
              {
                cli: removeVariablesCommand(f.name, region, names),
                console:
                  'First deactivate the exposed key in IAM (aws iam update-access-key --status Inactive; `aws sts get-access-key-info` names its account), check CloudTrail for its use, then remove the variables with the commands above (they need jq) and give the function the permissions it needs through its execution role (or Secrets Manager for third-party secrets).',
              },
              { severity: keyShaped ? 'critical' : 'high', details: { variables: names, matches: real } },
            ),
          );
        }
        if (!results.some((r) => r.status === 'FAIL' || r.status === 'NOT_ASSESSED'))
          results.push(pass(`arn:${p}:lambda:${region}:${snap.account.id}:function:*`, region, `No AWS credentials in the environment of ${fns.length} functions.`));
        return results;
      },
    );
  },
};
