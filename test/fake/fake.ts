/**
 * A stateful, in-process fake of the AWS APIs mamori calls, built at the SDK
 * level with aws-sdk-client-mock: the real client classes are used, their
 * `send` is answered from the state in ./state.ts. Faithful where a scanner
 * can trip: pagination tokens, error codes and classes, per-region state, the
 * credential report lifecycle, opt-in regions.
 *
 * The mock replaces `send`, so the SDK's retry middleware does not run: an
 * injected Throttling error is what a caller sees after the SDK gave up.
 */
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { FakeError, toSdkError, type ServiceModule } from './errors.js';
import type { FakeAccount, FakeRegion } from './state.js';
import { authorize, resolvePrincipal, type FakePrincipal } from './identity.js';
import { isReadOnly, recordCall } from './trail.js';

export interface FakeCtx {
  fake: FakeAws;
  account: FakeAccount;
  region: string;
  /** The region's state. Calls to a region that is not enabled fail before reaching a handler. */
  regionState: FakeRegion;
  credentials: AwsCredentialIdentity;
  /** Who is calling: the account's scanner/responder, an IAM user by its key, or a session. */
  principal: FakePrincipal;
  /** The fake's clock (tests move it back to replay an attack that happened an hour ago). */
  now: Date;
}

export type Handler = (input: any, ctx: FakeCtx) => unknown;

export interface FakeService {
  /** IAM action prefix, as in `iam:ListUsers`. */
  prefix: string;
  client: new (config: any) => any;
  module: ServiceModule;
  /** Global services answer in any region, from the account-wide state. */
  global?: boolean;
  handlers: Record<string, Handler>;
}

export interface Fault {
  /** `service:Operation`; `*` wildcards allowed, e.g. `guardduty:*`. */
  api: string;
  region?: string;
  account?: string;
  code: string;
  status?: number;
  message?: string;
  /** How many calls fail; unlimited when absent. */
  times?: number;
}

export class FakeAws {
  readonly accounts = new Map<string, FakeAccount>();
  /** Access key id → account id, so that role credentials land in the member account. */
  readonly keyOwners = new Map<string, string>();
  latencyMs = 0;
  readonly calls = new Map<string, number>();
  totalCalls = 0;
  /** Added to the real clock for every time the fake stamps (event times, launch times, sessions). */
  clockOffsetMs = 0;
  /**
   * CloudTrail records read-only calls too; the fake keeps them only when asked
   * (attack replays), so that a scan of a large account does not hold an event
   * per Describe/List/Get call in memory. Changes are always recorded.
   */
  recordReadEvents = false;
  /** Refuse LookupEvents beyond 2 requests a second per region, as CloudTrail does. */
  enforceLookupRate = true;
  private faults: Fault[] = [];
  private restore: (() => void)[] = [];
  private histories: (() => void)[] = [];

  constructor(
    readonly services: FakeService[],
    accounts: FakeAccount[] = [],
  ) {
    for (const a of accounts) this.addAccount(a);
  }

  addAccount(a: FakeAccount, accessKeyId?: string): void {
    this.accounts.set(a.id, a);
    if (accessKeyId) this.keyOwners.set(accessKeyId, a.id);
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /** Calls per API since `since` (a copy of `calls` taken earlier). */
  callsSince(since: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const [api, n] of this.calls) if (n - (since.get(api) ?? 0) > 0) out.set(api, n - (since.get(api) ?? 0));
    return out;
  }

  /** Makes matching calls fail with the given AWS error code. */
  fail(fault: Fault): this {
    this.faults.push({ ...fault });
    return this;
  }

  install(): this {
    for (const svc of this.services) {
      const mock = mockClient(svc.client);
      mock.onAnyCommand().callsFake((input: unknown) => {
        throw toSdkError(svc.module, new FakeError('InvalidAction', `fake ${svc.prefix}: operation not implemented (input ${JSON.stringify(input).slice(0, 80)})`, 400));
      });
      for (const [op, handler] of Object.entries(svc.handlers)) {
        const Command = svc.module[`${op}Command`];
        if (!Command) throw new Error(`fake: ${svc.prefix} has no ${op}Command`);
        mock.on(Command).callsFake((input: unknown, getClient: () => any) => this.dispatch(svc, op, handler, input, getClient()));
      }
      this.restore.push(() => mock.restore());
      this.histories.push(() => mock.resetHistory());
    }
    return this;
  }

  /**
   * Forgets the calls the mocks recorded (sinon keeps every call's input and
   * output). Long benchmarks call it so the fake's memory does not grow with calls.
   */
  resetHistory(): void {
    for (const r of this.histories) r();
  }

  uninstall(): void {
    for (const r of this.restore.splice(0)) r();
  }

  private async dispatch(svc: FakeService, op: string, handler: Handler, input: unknown, client: any) {
    const api = `${svc.prefix}:${op}`;
    this.totalCalls++;
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const region: string = await client.config.region();
    const credentials: AwsCredentialIdentity = await client.config.credentials();
    try {
      const account = this.accountFor(credentials);
      this.injectFault(api, region, account.id);
      let regionState = account.regions.get(region);
      if (!regionState) throw new FakeError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
      if (regionState.optIn === 'not-opted-in' && !svc.global)
        throw new FakeError(svc.prefix === 'ec2' ? 'AuthFailure' : 'UnrecognizedClientException', 'The security token included in the request is invalid.', 401);
      const principal = resolvePrincipal(account, credentials.accessKeyId, this.now());
      const record = { account, region, prefix: svc.prefix, op, global: !!svc.global, principal, accessKeyId: credentials.accessKeyId, input };
      const recording = this.recordReadEvents || !isReadOnly(op);
      let out: unknown;
      try {
        authorize(account, principal, api);
        out = await handler(structuredClone(input), { fake: this, account, region, regionState, credentials, principal, now: this.now() });
      } catch (e) {
        if (e instanceof FakeError && recording) recordCall({ ...record, error: { code: e.code, message: e.message }, at: this.now() });
        throw e;
      }
      if (recording) recordCall({ ...record, output: out, at: this.now() });
      return { $metadata: { httpStatusCode: 200, requestId: 'fake-request', attempts: 1, totalRetryDelay: 0 }, ...(out as object) };
    } catch (e) {
      if (e instanceof FakeError) throw toSdkError(svc.module, e);
      throw e;
    }
  }

  private accountFor(c: AwsCredentialIdentity): FakeAccount {
    const owner = this.keyOwners.get(c.accessKeyId);
    if (owner) return this.accounts.get(owner)!;
    if (this.accounts.size === 1) return this.accounts.values().next().value!;
    throw new FakeError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }

  private injectFault(api: string, region: string, account: string): void {
    const f = this.faults.find(
      (f) => (f.times ?? 1) > 0 && globMatch(f.api, api) && (!f.region || f.region === region) && (!f.account || f.account === account),
    );
    if (!f) return;
    if (f.times !== undefined) f.times--;
    throw new FakeError(f.code, f.message ?? `${f.code} (injected) on ${api}`, f.status ?? (/AccessDenied/.test(f.code) ? 403 : 400));
  }
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(value);
}

/** Credentials for tests: AWS's documented example key, never a real one. */
export const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
