import { lambdaEnvCredentials } from '../../../src/scan/checks/lambda/env-credentials.js';
import type { AccountSnapshot, LambdaFunction } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied } from '../fixtures.js';

const fn = (s: AccountSnapshot, region = 'eu-west-1'): LambdaFunction => (s.lambda.functions[region] as { ok: true; value: LambdaFunction[] }).value[0]!;

checkTester(lambdaEnvCredentials, {
  valid: [
    { name: 'no secrets in the environment', expect: [{ status: 'PASS', region: 'eu-west-1', reason: /No credentials/ }] },
    {
      name: "AWS's example keys are info, never FAIL",
      setup: (s) => (fn(s).envSecrets = [{ rule: 'aws-access-key-id', location: 'DEMO_KEY', masked: 'AKIA************MPLE', example: true }]),
      expect: [{ status: 'PASS', resource: 'arn:aws:lambda:eu-west-1:123456789012:function:api', reason: /example keys \(DEMO_KEY=AKIA\*+MPLE\)/ }],
    },
  ],
  invalid: [
    {
      name: 'a real key pair is critical, shown masked, with a fix that removes only those variables',
      setup: (s) =>
        (fn(s).envSecrets = [
          { rule: 'aws-access-key-id', location: 'DEPLOY_KEY', masked: 'AKIA************WXYZ', example: false },
          { rule: 'aws-secret-access-key', location: 'DEPLOY_AWS_SECRET_ACCESS_KEY', masked: 'abcd************wxyz', example: false },
        ]),
      expect: [
        {
          status: 'FAIL',
          resource: 'arn:aws:lambda:eu-west-1:123456789012:function:api',
          reason: /AWS credentials in its environment: DEPLOY_KEY=AKIA\*+WXYZ, DEPLOY_AWS_SECRET_ACCESS_KEY=abcd\*+wxyz/,
          fix: /^aws lambda get-function-configuration --function-name api --region eu-west-1 --query '\{Variables: Environment.Variables\}' --output json \| jq 'del\(\.Variables\["DEPLOY_KEY"\], \.Variables\["DEPLOY_AWS_SECRET_ACCESS_KEY"\]\)' > env\.json\naws lambda update-function-configuration --function-name api --region eu-west-1 --environment file:\/\/env\.json$/m,
        },
        { status: 'PASS', region: 'us-east-1' },
      ],
    },
    {
      name: 'a third-party token in plaintext is a medium FAIL naming the detector',
      setup: (s) => (fn(s).envSecrets = [{ rule: 'github-token', location: 'GH_TOKEN', masked: 'ghp_************abcd', example: false }]),
      expect: [{ status: 'FAIL', reason: /other secrets in plaintext \(github-token\) in its environment: GH_TOKEN=ghp_/, fix: /del\(\.Variables\["GH_TOKEN"\]\)[\s\S]*Revoke the token where it was issued/ }],
    },
    {
      name: 'a hostile variable name cannot break out of the jq program',
      setup: (s) => (fn(s).envSecrets = [{ rule: 'aws-secret-key-variable', location: "K'$(id)", masked: '********', example: false }]),
      expect: [{ status: 'FAIL', reason: /a value under an AWS secret key name/, fix: /jq 'del\(\.Variables\["K'\\''\$\(id\)"\]\)'/ }],
    },
    {
      name: 'an environment Lambda could not decrypt is NOT_ASSESSED for that function',
      setup: (s) => {
        fn(s).envError = 'AccessDeniedException: KMS access was denied';
        fn(s).envNames = [];
      },
      expect: [{ status: 'NOT_ASSESSED', resource: 'arn:aws:lambda:eu-west-1:123456789012:function:api', reason: /KMS access was denied/ }],
    },
    {
      name: 'unreadable region is NOT_ASSESSED',
      setup: (s) => (s.lambda.functions['us-east-1'] = denied('lambda:ListFunctions', 'us-east-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'us-east-1' }],
    },
  ],
});
