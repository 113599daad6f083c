import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { afterEach, describe, it } from 'node:test';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetBucketAclCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Aws } from '../../src/aws/clients.js';
import { AwsCallError, classify, describeFailure } from '../../src/aws/errors.js';
import { selectRegions } from '../../src/aws/regions.js';
import { createFake, EXAMPLE_CREDENTIALS, emptyAccount, type FakeAws } from '../fake/index.js';

/** A request handler that records where each request would go, then fails it. */
function recorder() {
  const seen: string[] = [];
  return {
    seen,
    handler: {
      handle: async (req: { hostname: string; port?: number; path: string; headers: Record<string, string> }) => {
        seen.push(`${req.hostname}:${req.port ?? ''}${req.path} ua=${req.headers['user-agent'] ?? req.headers['x-amz-user-agent'] ?? ''}`);
        throw Object.assign(new Error('recorded'), { name: 'Recorded' });
      },
    },
  };
}

const creds = async () => EXAMPLE_CREDENTIALS;
const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_ENDPOINT_URL')) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('AWS client factory', () => {
  it('honours AWS_ENDPOINT_URL: path-style S3 and no account prefix on S3 Control, so localhost emulators work', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    const r = recorder();
    const aws = new Aws({ credentials: creds, maxAttempts: 1, clientConfig: { requestHandler: r.handler } });
    await assert.rejects(aws.send(S3ControlClient, 'us-east-1', new GetPublicAccessBlockCommand({ AccountId: '123456789012' })));
    await assert.rejects(aws.send(S3Client, 'eu-west-1', new GetBucketAclCommand({ Bucket: 'my-bucket' })));
    assert.match(r.seen[0]!, /^127\.0\.0\.1:4566\/v20180820\/configuration\/publicAccessBlock/);
    assert.match(r.seen[1]!, /^127\.0\.0\.1:4566\/my-bucket\//);
  });

  it('honours a service-specific AWS_ENDPOINT_URL_<SERVICE> over the global one', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    process.env.AWS_ENDPOINT_URL_STS = 'http://localhost:5000';
    const r = recorder();
    const aws = new Aws({ credentials: creds, maxAttempts: 1, clientConfig: { requestHandler: r.handler } });
    await assert.rejects(aws.send(STSClient, 'us-east-1', new GetCallerIdentityCommand({})));
    assert.match(r.seen[0]!, /^localhost:5000\//);
  });

  it('a connection that stays silent fails the call, naming the API and region, instead of hanging', async () => {
    // Accepts the connection and the request, never answers: a stalled endpoint or network path.
    const server = createServer(() => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const aws = new Aws({ credentials: creds, maxAttempts: 1, timeouts: { idleMs: 300 } });
      await assert.rejects(aws.send(STSClient, 'us-east-1', new GetCallerIdentityCommand({})), (e: unknown) => {
        assert.ok(e instanceof AwsCallError);
        assert.equal(describeFailure(e.failure), 'TimeoutError on sts:GetCallerIdentity (error)');
        return true;
      });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('uses real AWS hosts (virtual-hosted S3, account-prefixed S3 Control) without a custom endpoint, with the mamori user agent', async () => {
    const r = recorder();
    const aws = new Aws({ credentials: creds, maxAttempts: 1, clientConfig: { requestHandler: r.handler } });
    await assert.rejects(aws.send(S3ControlClient, 'us-east-1', new GetPublicAccessBlockCommand({ AccountId: '123456789012' })));
    await assert.rejects(aws.send(S3Client, 'eu-west-1', new GetBucketAclCommand({ Bucket: 'my-bucket' })));
    assert.match(r.seen[0]!, /^123456789012\.s3-control\.us-east-1\.amazonaws\.com/);
    assert.match(r.seen[1]!, /^my-bucket\.s3\.eu-west-1\.amazonaws\.com/);
    assert.match(r.seen[0]!, /mamori\//);
  });
});

describe('AWS errors and regions against the fake', () => {
  let fake: FakeAws;
  afterEach(() => fake?.uninstall());

  it('classifies errors and names the API and region', async () => {
    fake = createFake([emptyAccount('123456789012')]);
    fake.fail({ api: 'ec2:DescribeRegions', code: 'UnauthorizedOperation', times: 1 });
    const aws = new Aws({ credentials: creds });
    const err = await aws.send(STSClient, 'us-east-1', new GetCallerIdentityCommand({})).then(() => undefined);
    assert.equal(err, undefined);
    await assert.rejects(selectRegions(aws), (e: unknown) => {
      assert.ok(e instanceof AwsCallError);
      assert.equal(e.failure.kind, 'access-denied');
      assert.equal(describeFailure(e.failure), 'UnauthorizedOperation on ec2:DescribeRegions in us-east-1 (access denied)');
      return true;
    });
    assert.equal(aws.stats.calls, 2);
  });

  it('maps the codes users meet to kinds', () => {
    const e = (name: string, status?: number) => ({ name, $metadata: { httpStatusCode: status } });
    assert.equal(classify(e('AccessDeniedException')), 'access-denied');
    assert.equal(classify(e('ThrottlingException')), 'throttled');
    assert.equal(classify(e('RequestLimitExceeded')), 'throttled');
    assert.equal(classify(e('OptInRequired')), 'region-disabled');
    assert.equal(classify(e('UnrecognizedClientException')), 'region-disabled');
    assert.equal(classify(e('NoSuchEntityException')), 'not-found');
    assert.equal(classify(e('SomethingOdd', 403)), 'access-denied');
    assert.equal(classify(e('InternalFailure', 500)), 'other');
  });

  it('a call to a region that is not opted in fails as region-disabled', async () => {
    fake = createFake([emptyAccount('123456789012')]);
    const aws = new Aws({ credentials: creds });
    const { DescribeRegionsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
    await assert.rejects(aws.send(EC2Client, 'af-south-1', new DescribeRegionsCommand({})), (e: AwsCallError) => e.failure.kind === 'region-disabled' && e.failure.region === 'af-south-1');
  });
});
