import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AwsCallError, toFailure } from './errors.js';

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
  // Role and MFA sessions are obtained with the ordinary STS client rather than
  // fromTemporaryCredentials, whose internal STS client would bypass custom
  // endpoints' client settings and this project's single client factory.
  const sts = () => new STSClient({ region: o.region, credentials: base });
  if (o.roleArn) {
    const roleArn = o.roleArn;
    return shared(async () => {
      const client = sts();
      try {
        const out = await client.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: o.sessionName ?? 'mamori',
            DurationSeconds: 3600,
            ...(o.externalId ? { ExternalId: o.externalId } : {}),
            ...(o.mfaSerial ? { SerialNumber: o.mfaSerial, TokenCode: await mfaCodeProvider(o.mfaSerial) } : {}),
          }),
        );
        return identity(out.Credentials);
      } catch (err) {
        // Otherwise the failure surfaces as the first call that needed credentials.
        throw new AwsCallError(toFailure(err, 'sts:AssumeRole', 'global'), { cause: err });
      } finally {
        client.destroy();
      }
    });
  }
  if (o.mfaSerial) {
    // No role: an MFA-authenticated session for the caller itself (GetSessionToken).
    const serial = o.mfaSerial;
    return shared(async () => {
      const client = sts();
      try {
        const out = await client.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: await mfaCodeProvider(serial), DurationSeconds: 3600 }));
        return identity(out.Credentials);
      } catch (err) {
        throw new AwsCallError(toFailure(err, 'sts:GetSessionToken', 'global'), { cause: err });
      } finally {
        client.destroy();
      }
    });
  }
  return shared(base);
}

function identity(c: Credentials | undefined): AwsCredentialIdentity {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS returned no credentials');
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}
