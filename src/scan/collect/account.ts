import { AccountClient, GetAlternateContactCommand, type GetAlternateContactCommandOutput } from '@aws-sdk/client-account';
import { AwsCallError } from '../../aws/errors.js';
import { read, type CollectContext } from './context.js';

/** The account's security alternate contact: who AWS tells when it sees the account being abused. */
export async function collectAccount(ctx: CollectContext): Promise<void> {
  const { aws } = ctx;
  ctx.snap.account_settings.securityContact = await read('account:GetAlternateContact', 'global', async () => {
    try {
      const out = await aws.send<GetAlternateContactCommandOutput>(AccountClient, aws.homeRegion, new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
      const c = out.AlternateContact;
      if (!c) return null;
      return { ...(c.Name ? { name: c.Name } : {}), ...(c.EmailAddress ? { email: c.EmailAddress } : {}), ...(c.PhoneNumber ? { phone: c.PhoneNumber } : {}) };
    } catch (err) {
      // ResourceNotFoundException is the answer "no security contact is set", not a failure to read.
      if (err instanceof AwsCallError && err.failure.code === 'ResourceNotFoundException') return null;
      throw err;
    }
  });
}
