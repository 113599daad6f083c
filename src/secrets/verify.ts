/**
 * `--verify`: asks STS who a found key belongs to. GetCallerIdentity needs no
 * permission and changes nothing, so it is the standard liveness probe; it is
 * still a call made with someone's credential, hence opt-in only.
 */
import { Aws } from '../aws/clients.js';
import { AwsCallError } from '../aws/errors.js';
import { rawSecret, type Finding } from './scan.js';

// Codes STS answers for a key that does not exist, is deactivated, has the wrong secret or has expired.
const INVALID = /InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClient|AuthFailure|InvalidAccessKeyId/;

export interface VerifyOptions {
  region?: string;
  /** Builds the Aws layer for one set of credentials (tests inject options here). */
  makeAws?: (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => Aws;
}

/**
 * Verifies each AWS key id that has a secret beside it in the same file. The
 * result is set on the key-id finding and on its secret's finding.
 */
export async function verifyAwsKeys(findings: Finding[], o: VerifyOptions = {}): Promise<number> {
  const region = o.region ?? 'us-east-1';
  const make =
    o.makeAws ?? ((credentials) => new Aws({ region, credentials: async () => credentials, maxAttempts: 2, concurrency: 1 }));
  let calls = 0;
  const done = new Map<string, Finding['verification']>();
  for (const secretF of findings) {
    if (secretF.rule !== 'aws-secret-access-key' || secretF.example || !secretF.pairedKeyId) continue;
    const keyId = secretF.pairedKeyId;
    const secret = rawSecret(secretF);
    if (!secret) continue;
    const cacheKey = `${keyId}\0${secret}`;
    let result = done.get(cacheKey);
    if (!result) {
      const token = findings.find((f) => f.rule === 'aws-session-token' && f.pairedKeyId === keyId && f.path === secretF.path);
      const sessionToken = token ? rawSecret(token) : undefined;
      const aws = make({ accessKeyId: keyId, secretAccessKey: secret, ...(sessionToken ? { sessionToken } : {}) });
      calls++;
      try {
        const out = await aws.whoAmI(region);
        result = { status: 'live', ...(out.Arn ? { arn: out.Arn } : {}), ...(out.Account ? { account: out.Account } : {}) };
      } catch (e) {
        const code = e instanceof AwsCallError ? e.failure.code : (e as Error).name;
        result = INVALID.test(code) ? { status: 'invalid', detail: code } : { status: 'unknown', detail: `${code}: ${(e as Error).message}` };
      } finally {
        aws.destroy();
      }
      done.set(cacheKey, result);
    }
    secretF.verification = result;
    for (const f of findings) if (f.rule === 'aws-access-key-id' && f.aws?.keyId === keyId && f.path === secretF.path) f.verification = result;
  }
  return calls;
}
