/**
 * Classifies every AWS error into the few kinds a user can act on. A scan turns
 * each of them into NOT_ASSESSED with a reason such as
 * "access denied on guardduty:ListDetectors in eu-west-1" — never into a PASS.
 */
export type ErrorKind =
  | 'no-credentials'
  | 'access-denied'
  | 'throttled'
  | 'region-disabled'
  | 'not-available'
  | 'not-found'
  | 'other';

export interface AwsFailure {
  /** `service:Operation`, e.g. `iam:GetAccountSummary`. */
  api: string;
  /** Region of the call, or `global`. */
  region: string;
  kind: ErrorKind;
  /** Error code as AWS returned it (AccessDenied, OptInRequired...). */
  code: string;
  message: string;
}

interface ErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NO_CREDENTIALS = /CredentialsProviderError|ExpiredToken|TokenRefreshRequired|SSOTokenProviderFailure/i;
const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError|NotAuthorized|Forbidden/i;
const THROTTLED = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|RateExceeded|RequestThrottled/i;
const REGION_DISABLED = /OptInRequired|InvalidClientTokenId|UnrecognizedClient|AuthFailure|SubscriptionRequired/i;
const NOT_AVAILABLE = /UnknownEndpoint|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|InvalidAction|UnsupportedOperation|NotImplemented|UnknownOperation|ServiceNotSupported/i;
const NOT_FOUND = /NoSuchEntity|NotFound|NoSuch|ResourceNotFound|ReportNotPresent/i;

export function errorCode(err: unknown): string {
  const e = (err ?? {}) as ErrorLike;
  return e.name && e.name !== 'Error' ? e.name : e.Code ?? e.code ?? 'Error';
}

export function classify(err: unknown): ErrorKind {
  const code = errorCode(err);
  const status = (err as ErrorLike)?.$metadata?.httpStatusCode;
  if (NO_CREDENTIALS.test(code)) return 'no-credentials';
  if (ACCESS_DENIED.test(code)) return 'access-denied';
  if (THROTTLED.test(code) || status === 429) return 'throttled';
  if (REGION_DISABLED.test(code)) return 'region-disabled';
  if (NOT_AVAILABLE.test(code)) return 'not-available';
  if (NOT_FOUND.test(code)) return 'not-found';
  if (status === 403) return 'access-denied';
  return 'other';
}

const KIND_TEXT: Record<ErrorKind, string> = {
  'no-credentials': 'no usable AWS credentials',
  'access-denied': 'access denied',
  throttled: 'throttled after retries',
  'region-disabled': 'region disabled or not opted in',
  'not-available': 'service not available',
  'not-found': 'not found',
  other: 'error',
};

/** What a user can do about a failure that stops the whole command. */
export function hintFor(f: AwsFailure): string {
  if (f.kind === 'no-credentials')
    return 'Set AWS_PROFILE or pass --profile (run `aws sso login` first for SSO profiles), or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.';
  if (f.kind === 'access-denied') return `Grant ${f.api} to the scanning identity (see docs/iam-policy-scan.json).`;
  return '';
}

/** Error raised by the client layer, carrying the classification. */
export class AwsCallError extends Error {
  readonly failure: AwsFailure;
  constructor(failure: AwsFailure, options?: { cause?: unknown }) {
    super(describeFailure(failure), options);
    this.name = 'AwsCallError';
    this.failure = failure;
  }
}

export function toFailure(err: unknown, api: string, region: string): AwsFailure {
  if (err instanceof AwsCallError) return err.failure;
  const message = ((err as ErrorLike)?.message ?? String(err)).slice(0, 300);
  return { api, region, kind: classify(err), code: errorCode(err), message };
}

/** "AccessDenied on guardduty:ListDetectors in eu-west-1 (access denied)". */
export function describeFailure(f: AwsFailure): string {
  const where = f.region === 'global' ? '' : ` in ${f.region}`;
  return `${f.code} on ${f.api}${where} (${KIND_TEXT[f.kind]})`;
}
