import pLimit, { type LimitFunction } from 'p-limit';
import { GetCallerIdentityCommand, STSClient, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AwsCallError, toFailure } from './errors.js';
import { iamActionFor } from './actions.js';
import { customEndpointFor, fixedEndpoint } from './endpoints.js';
import { resolveCredentials, type CredentialOptions } from './credentials.js';
import { VERSION } from '../version.js';

/** Any SDK v3 client: what the factory needs to know about it. */
export interface SdkClient {
  send(command: any, options?: any): Promise<any>;
  destroy(): void;
}
export type ClientClass<C extends SdkClient = SdkClient> = new (config: any) => C;
export interface AwsOptions extends Partial<CredentialOptions> {
  /** Explicit credentials (organization member roles, tests). Overrides the chain. */
  credentials?: AwsCredentialIdentityProvider;
  /** Attempts per call before a throttle is reported (SDK adaptive retry). */
  maxAttempts?: number;
  /** Calls in flight at once per service and region. */
  concurrency?: number;
  /** Extra configuration for every client (tests pass a request handler here). */
  clientConfig?: Record<string, unknown>;
  /** Connection set-up, and silence on an open connection, after which a call fails (and is retried). */
  timeouts?: { connectMs?: number; idleMs?: number };
}

/**
 * IAM action prefixes per SDK client, so that every failure names the
 * permission a user would have to grant (`logs:`, not `cloudwatch-logs:`).
 */
const ACTION_PREFIX: Record<string, string> = {
  IAMClient: 'iam',
  STSClient: 'sts',
  EC2Client: 'ec2',
  S3Client: 's3',
  S3ControlClient: 's3control',
  GuardDutyClient: 'guardduty',
  CloudTrailClient: 'cloudtrail',
  CloudWatchClient: 'cloudwatch',
  CloudWatchLogsClient: 'logs',
  SNSClient: 'sns',
  BudgetsClient: 'budgets',
  AccountClient: 'account',
  AccessAnalyzerClient: 'access-analyzer',
  LambdaClient: 'lambda',
  RDSClient: 'rds',
  OrganizationsClient: 'organizations',
};

/** Endpoint service ids as used by AWS_ENDPOINT_URL_<SERVICE>. */
const ENDPOINT_ID: Record<string, string> = {
  S3ControlClient: 'S3 Control',
  CloudWatchLogsClient: 'CloudWatch Logs',
  AccessAnalyzerClient: 'AccessAnalyzer',
};

export function actionPrefix(ctor: { name: string }): string {
  return ACTION_PREFIX[ctor.name] ?? ctor.name.replace(/Client$/, '').toLowerCase();
}

/**
 * The one place AWS SDK clients are built. Every call goes through `send`,
 * which bounds concurrency per service and region, counts calls, and turns
 * any error into an AwsCallError carrying its classification.
 */
export class Aws {
  readonly homeRegion: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly stats = { calls: 0, byApi: new Map<string, number>() };
  private readonly clients = new Map<string, SdkClient>();
  private readonly limits = new Map<string, LimitFunction>();
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly clientConfig: Record<string, unknown>;

  constructor(options: AwsOptions = {}) {
    this.homeRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    this.credentials = options.credentials ?? resolveCredentials({ ...options, region: this.homeRegion });
    this.maxAttempts = options.maxAttempts ?? 6;
    this.concurrency = options.concurrency ?? 10;
    // The SDK waits forever by default: one stalled connection would hang a scan, or a watch for good.
    const { connectMs = 10_000, idleMs = 60_000 } = options.timeouts ?? {};
    this.clientConfig = { requestHandler: { connectionTimeout: connectMs, socketTimeout: idleMs }, ...options.clientConfig };
  }

  /** A client of this class for this region, built once and reused. */
  client<C extends SdkClient>(Ctor: ClientClass<C>, region: string = this.homeRegion): C {
    const key = `${Ctor.name}|${region}`;
    let c = this.clients.get(key) as C | undefined;
    if (!c) {
      const custom = customEndpointFor(ENDPOINT_ID[Ctor.name] ?? Ctor.name.replace(/Client$/, ''));
      c = new Ctor({
        region,
        credentials: this.credentials,
        maxAttempts: this.maxAttempts,
        retryMode: 'adaptive',
        customUserAgent: `mamori/${VERSION}`,
        // An emulator on localhost has no per-bucket or per-account host names.
        ...(custom ? { forcePathStyle: true, disableHostPrefix: true } : {}),
        ...(custom && Ctor.name === 'S3ControlClient' ? fixedEndpoint(custom) : {}),
        ...this.clientConfig,
      });
      this.clients.set(key, c);
    }
    return c;
  }

  /** Whose credentials these are: account and ARN (sts:GetCallerIdentity needs no permission). */
  whoAmI(region: string = this.homeRegion): Promise<GetCallerIdentityCommandOutput> {
    return this.send<GetCallerIdentityCommandOutput>(STSClient, region, new GetCallerIdentityCommand({}));
  }

  /** Sends one command. Errors are rethrown as AwsCallError naming the API and region. */
  async send<O = any>(Ctor: ClientClass, region: string, command: object): Promise<O> {
    const op = command.constructor.name.replace(/Command$/, '');
    const api = iamActionFor(`${actionPrefix(Ctor)}:${op}`);
    const limitKey = `${Ctor.name}|${region}`;
    let limit = this.limits.get(limitKey);
    if (!limit) this.limits.set(limitKey, (limit = pLimit(this.concurrency)));
    return limit(async () => {
      this.stats.calls++;
      this.stats.byApi.set(api, (this.stats.byApi.get(api) ?? 0) + 1);
      try {
        return (await this.client(Ctor, region).send(command)) as O;
      } catch (err) {
        throw new AwsCallError(toFailure(err, api, region === this.homeRegion && isGlobal(Ctor) ? 'global' : region), {
          cause: err,
        });
      }
    });
  }

  /**
   * Every page of a paginated API. Written here rather than using the SDK's
   * paginateX helpers so that each page goes through `send` (limits, counting,
   * classification) like any other call.
   */
  async *pages<O = any>(
    Ctor: ClientClass,
    region: string,
    make: (token: string | undefined) => object,
    next: (out: O) => string | undefined,
  ): AsyncGenerator<O> {
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const out: O = await this.send<O>(Ctor, region, make(token));
      yield out;
      token = next(out) || undefined;
      // A service that hands back the same token forever would loop us for good.
      if (token && seen.has(token)) throw new Error(`pagination token repeated by ${Ctor.name} in ${region}`);
      if (token) seen.add(token);
    } while (token);
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}

const GLOBAL = new Set(['IAMClient', 'STSClient', 'BudgetsClient', 'AccountClient', 'S3ControlClient', 'OrganizationsClient']);
function isGlobal(Ctor: ClientClass): boolean {
  return GLOBAL.has(Ctor.name);
}
