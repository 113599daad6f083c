import { fail, notAssessed, pass, perRegion, type Check, type Result, regionalArn } from '../../check.js';
import { sh } from '../../../util/shell.js';

/** Detector rules that mean "an AWS credential is in there". */
const KEY_RULES = new Set(['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token']);
/** A value stored under a name that says it is an AWS secret key. */
const KEY_NAME_RULE = 'aws-secret-key-variable';

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
    title: 'No credentials in plaintext Lambda environment variables',
    service: 'lambda',
    severity: 'critical',
    threat:
      'Environment variables are plaintext to anyone with lambda:GetFunctionConfiguration and travel into logs, CI output and support tickets; a long-lived access key there is the leaked-key incident waiting to happen, while the function\'s own role already gives it short-lived credentials.',
    pci: '8.6.2',
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
          const what = keyShaped
            ? 'AWS credentials'
            : real.some((s) => s.rule === KEY_NAME_RULE)
              ? 'a value under an AWS secret key name'
              : `other secrets in plaintext (${[...new Set(real.map((s) => s.rule))].join(', ')})`;
          const severity = keyShaped ? 'critical' : real.some((s) => s.rule === KEY_NAME_RULE) ? 'high' : 'medium';
          results.push(
            fail(
              f.arn,
              region,
              `Function ${f.name} holds ${what} in its environment: ${real.map((s) => `${s.location}=${s.masked}`).join(', ')}.`,
              {
                cli: removeVariablesCommand(f.name, region, names),
                console: keyShaped || severity === 'high'
                  ? 'First deactivate the exposed key in IAM (aws iam update-access-key --status Inactive; `aws sts get-access-key-info` names its account), check CloudTrail for its use, then remove the variables with the commands above (they need jq) and give the function the permissions it needs through its execution role.'
                  : 'Revoke the token where it was issued (it has been readable by anyone with lambda:GetFunctionConfiguration), issue a new one into Secrets Manager, read it from there at run time, then remove the variables with the commands above (they need jq).',
              },
              { severity, details: { variables: names, matches: real } },
            ),
          );
        }
        if (!results.some((r) => r.status === 'FAIL' || r.status === 'NOT_ASSESSED'))
          results.push(pass(resource, region, `No credentials in the environment of ${fns.length} functions.`));
        return results;
      },
    );
  },
};
