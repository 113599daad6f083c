import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

export interface CredentialOptions {
  /** Named profile from ~/.aws/config (SSO, role chaining and credential_process all work). */
  profile?: string;
  /** Role to assume after the base credentials are resolved. */
  roleArn?: string;
  externalId?: string;
  /** MFA device serial; the token code is prompted for (or given by `mfaCode`). */
  mfaSerial?: string;
  mfaCode?: (serial: string) => Promise<string>;
  region: string;
  sessionName?: string;
}

/**
 * Shares one credential resolution across every client and region. Without it
 * each of the dozens of clients would run the chain itself — an AssumeRole or a
 * prompted MFA code per client.
 */
export function shared(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let current: AwsCredentialIdentity | undefined;
  const fresh = (c?: AwsCredentialIdentity) =>
    c && (!c.expiration || c.expiration.getTime() - Date.now() > 5 * 60_000);
  return async () => {
    if (fresh(current)) return current!;
    pending ??= provider().then(
      (c) => ((current = c), (pending = undefined), c),
      (e) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
}

/** The standard chain (env, shared files, SSO, IMDS...), then optional MFA and role. */
export function resolveCredentials(o: CredentialOptions): AwsCredentialIdentityProvider {
  const mfaCodeProvider = o.mfaCode ?? (async () => Promise.reject(new Error('an MFA token code is required')));
  const base = fromNodeProviderChain({
    ...(o.profile ? { profile: o.profile } : {}),
    mfaCodeProvider: (serial: string) => mfaCodeProvider(serial),
  });
  if (o.roleArn) {
    return shared(
      fromTemporaryCredentials({
        masterCredentials: base,
        clientConfig: { region: o.region },
        params: {
          RoleArn: o.roleArn,
          RoleSessionName: o.sessionName ?? 'mamori',
          ...(o.externalId ? { ExternalId: o.externalId } : {}),
          ...(o.mfaSerial ? { SerialNumber: o.mfaSerial } : {}),
        },
        ...(o.mfaSerial ? { mfaCodeProvider: (serial: string) => mfaCodeProvider(serial) } : {}),
      }),
    );
  }
  if (o.mfaSerial) {
    // No role: an MFA-authenticated session for the caller itself (GetSessionToken).
    const serial = o.mfaSerial;
    return shared(async () => {
      const sts = new STSClient({ region: o.region, credentials: base });
      const out = await sts.send(
        new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: await mfaCodeProvider(serial), DurationSeconds: 3600 }),
      );
      const c = out.Credentials!;
      return {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
    });
  }
  return shared(base);
}
