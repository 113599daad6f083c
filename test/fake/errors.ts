/**
 * Errors as the SDK surfaces them. A modeled error is an instance of the
 * client's own exception class (IAM's NoSuchEntity arrives as
 * NoSuchEntityException); an unmodeled one (AccessDenied, Throttling,
 * OptInRequired...) is the service's base exception named by its raw code.
 */
export interface ServiceModule {
  [name: string]: any;
}

export class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const accessDenied = (api: string, arn = 'arn:aws:iam::123456789012:user/scanner') =>
  new FakeError('AccessDenied', `User: ${arn} is not authorized to perform: ${api}`, 403);
export const throttling = () => new FakeError('Throttling', 'Rate exceeded', 400);
export const optInRequired = () =>
  new FakeError('OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.', 401);
export const noSuchEntity = (what: string) => new FakeError('NoSuchEntity', `The ${what} cannot be found.`, 404);

/** Turns a FakeError into what the real SDK client would throw. */
export function toSdkError(mod: ServiceModule, e: FakeError): Error {
  const $metadata = { httpStatusCode: e.status, requestId: 'fake-request', attempts: 1, totalRetryDelay: 0 };
  const $fault = e.status >= 500 ? 'server' : 'client';
  // Most services name their exception classes <Code>Exception; S3 names them by the bare code (NoSuchKey).
  const bare = mod[e.code];
  const Modeled = mod[`${e.code}Exception`] ?? (typeof bare === 'function' && bare.prototype instanceof Error ? bare : undefined);
  if (typeof Modeled === 'function') return new Modeled({ message: e.message, $metadata });
  // The client's base class is the ServiceException every other one extends (S3 Control also exports a modeled InternalServiceException).
  const candidates = Object.entries(mod).filter(([k, v]) => k.endsWith('ServiceException') && typeof v === 'function').map(([, v]) => v as Function);
  const Base = candidates.find((c) => candidates.every((d) => d === c || d.prototype instanceof c)) as any;
  const err = Base ? new Base({ name: e.code, $fault, $metadata, message: e.message }) : Object.assign(new Error(e.message), { name: e.code, $fault, $metadata });
  return err;
}
