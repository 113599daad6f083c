import { lambdaUrlAuthNone } from '../../../src/scan/checks/lambda/url-auth-none.js';
import type { AccountSnapshot, LambdaFunction } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const fn = (s: AccountSnapshot, region = 'us-east-1'): LambdaFunction => (s.lambda.functions[region] as { ok: true; value: LambdaFunction[] }).value[0]!;

checkTester(lambdaUrlAuthNone, {
  valid: [
    { name: 'URL requires IAM', expect: [{ status: 'PASS', region: 'us-east-1' }] },
    { name: 'no URL', setup: (s) => (fn(s).urls = ok([])), expect: [{ status: 'PASS' }] },
    { name: 'no functions', setup: (s) => (s.lambda.functions['us-east-1'] = ok([])), expect: [{ status: 'PASS', reason: /among 0 functions/ }] },
  ],
  invalid: [
    {
      name: 'public URL on the function',
      setup: (s) => (fn(s).urls = ok([{ url: 'https://abc.lambda-url.us-east-1.on.aws/', authType: 'NONE' }])),
      expect: [
        {
          status: 'FAIL',
          resource: 'arn:aws:lambda:us-east-1:123456789012:function:api',
          reason: /accepts unauthenticated requests/,
          fix: /^aws lambda update-function-url-config --function-name api --auth-type AWS_IAM --region us-east-1$/m,
        },
      ],
    },
    {
      name: 'public URL on an alias names the qualifier',
      setup: (s) => (fn(s).urls = ok([{ url: 'https://abc.lambda-url.us-east-1.on.aws/', authType: 'NONE', qualifier: 'live' }])),
      expect: [{ status: 'FAIL', resource: 'arn:aws:lambda:us-east-1:123456789012:function:api:live', fix: /--function-name api --qualifier live --auth-type AWS_IAM/ }],
    },
    {
      name: 'URLs unreadable is NOT_ASSESSED for that function',
      setup: (s) => (fn(s).urls = denied('lambda:ListFunctionUrlConfigs', 'us-east-1')),
      expect: [{ status: 'NOT_ASSESSED', resource: 'arn:aws:lambda:us-east-1:123456789012:function:api' }],
    },
    {
      name: 'unreadable region is NOT_ASSESSED',
      setup: (s) => (s.lambda.functions['eu-west-1'] = denied('lambda:ListFunctions', 'eu-west-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1' }],
    },
  ],
});
