import * as lambda from '@aws-sdk/client-lambda';
import { FakeError } from '../errors.js';
import type { FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';

/**
 * Lambda functions per region with their environment variables and function
 * URLs. ListFunctions hands back environment values in clear unless they are
 * encrypted with a customer managed key the caller may not use; then Lambda
 * returns an Environment.Error instead of the variables.
 */
export interface FakeFunction {
  name: string;
  runtime: string;
  role: string;
  env: Record<string, string>;
  /** Simulates a customer managed KMS key the scanner cannot decrypt with. */
  envUndecryptable?: boolean;
  /** Function URLs, keyed by qualifier ('' for the unqualified function). */
  urls: Map<string, 'NONE' | 'AWS_IAM'>;
}

const lambdaRegion = (r: FakeRegion) => regional<Map<string, FakeFunction>>(r, 'lambda', () => new Map());

export function addLambda(
  a: FakeAccount,
  region: string,
  f: { name: string; runtime?: string; role?: string; env?: Record<string, string>; envUndecryptable?: boolean; url?: 'NONE' | 'AWS_IAM'; aliasUrls?: Record<string, 'NONE' | 'AWS_IAM'> },
): FakeFunction {
  const r = a.regions.get(region);
  if (!r) throw new Error(`fake: no region ${region}`);
  const fn: FakeFunction = {
    name: f.name,
    runtime: f.runtime ?? 'nodejs22.x',
    role: f.role ?? `arn:aws:iam::${a.id}:role/${f.name}-role`,
    env: f.env ?? {},
    urls: new Map([...(f.url ? [['', f.url] as const] : []), ...Object.entries(f.aliasUrls ?? {})]),
    ...(f.envUndecryptable ? { envUndecryptable: true } : {}),
  };
  lambdaRegion(r).set(fn.name, fn);
  return fn;
}

const fnArn = (region: string, account: string, name: string) => `arn:aws:lambda:${region}:${account}:function:${name}`;
/** Deterministic, URL-shaped id: a function URL is `https://<32 chars>.lambda-url.<region>.on.aws/`. */
const urlId = (name: string, q: string) => Buffer.from(`${name}:${q}`).toString('hex').replace(/[^a-z0-9]/g, '').padEnd(32, '0').slice(0, 32);

export const lambdaService: FakeService = {
  prefix: 'lambda',
  client: lambda.LambdaClient,
  module: lambda,
  handlers: {
    ListFunctions(input, ctx) {
      const fns = [...lambdaRegion(ctx.regionState).values()].sort((x, y) => (x.name < y.name ? -1 : 1));
      // "ListFunctions returns a maximum of 50 items in each response, even if you set the number higher."
      const { page, next } = paginate(fns, input.Marker, input.MaxItems, 50);
      return {
        Functions: page.map((f) => ({
          FunctionName: f.name,
          FunctionArn: fnArn(ctx.region, ctx.account.id, f.name),
          Runtime: f.runtime,
          Role: f.role,
          Handler: 'index.handler',
          Version: '$LATEST',
          PackageType: 'Zip',
          ...(Object.keys(f.env).length
            ? {
                Environment: f.envUndecryptable
                  ? { Error: { ErrorCode: 'AccessDeniedException', Message: 'Lambda was unable to decrypt the environment variables because KMS access was denied.' } }
                  : { Variables: { ...f.env } },
              }
            : {}),
        })),
        ...(next ? { NextMarker: next } : {}),
      };
    },
    ListFunctionUrlConfigs(input, ctx) {
      const name = String(input.FunctionName).split(':function:').pop()!.split(':')[0]!;
      const f = lambdaRegion(ctx.regionState).get(name);
      if (!f) throw new FakeError('ResourceNotFoundException', `Function not found: ${fnArn(ctx.region, ctx.account.id, name)}`, 404);
      const urls = [...f.urls.entries()].map(([q, auth]) => ({
        FunctionUrl: `https://${urlId(f.name, q)}.lambda-url.${ctx.region}.on.aws/`,
        FunctionArn: fnArn(ctx.region, ctx.account.id, f.name) + (q ? `:${q}` : ''),
        AuthType: auth,
        CreationTime: '2026-01-01T00:00:00.000+0000',
        LastModifiedTime: '2026-01-01T00:00:00.000+0000',
      }));
      // Like ListFunctions, at most 50 per response whatever MaxItems asks for.
      const { page, next } = paginate(urls, input.Marker, input.MaxItems, 50);
      return { FunctionUrlConfigs: page, ...(next ? { NextMarker: next } : {}) };
    },
  },
};
