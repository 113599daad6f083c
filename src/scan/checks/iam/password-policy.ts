import { fail, pass, withRead, type Check } from '../../check.js';
import type { PasswordPolicy } from '../../snapshot.js';
import { accountResource } from '../../iam/credential-report.js';

const MIN_LENGTH = 14;
const REUSE = 24;

export const passwordPolicy: Check = {
  meta: {
    id: 'iam.password-policy',
    title: 'Account password policy is strong (length >= 14, reuse prevention, complexity)',
    service: 'iam',
    severity: 'medium',
    threat:
      'IAM has no sign-in lockout, so short or recycled passwords fall to guessing and to credential stuffing from other breaches; a console password is one of the three doors into the account.',
    cis: '1.7, 1.8',
    pci: '8.3.6, 8.3.7',
  },
  run({ snap }) {
    const resource = accountResource(snap);
    return withRead(snap.iam.passwordPolicy, resource, 'global', (policy) => {
      if (!policy) return [fail(resource, 'global', `No password policy: IAM users may set passwords of 8 characters with no complexity and reuse old ones.`, { cli: fixCli(undefined) })];
      const weak = weaknesses(policy);
      if (weak.length === 0) return [pass(resource, 'global', `Password policy requires ${policy.MinimumPasswordLength} characters, all character classes and prevents reuse of the last ${policy.PasswordReusePrevention}.`)];
      return [fail(resource, 'global', `Password policy is weak: ${weak.join('; ')}.`, { cli: fixCli(policy) }, { details: { weaknesses: weak } })];
    });
  },
};

export function weaknesses(p: PasswordPolicy): string[] {
  const out: string[] = [];
  const len = p.MinimumPasswordLength ?? 8;
  if (len < MIN_LENGTH) out.push(`minimum length ${len} (< ${MIN_LENGTH}, CIS 1.7)`);
  if (!p.PasswordReusePrevention) out.push(`no password reuse prevention (CIS 1.8 asks for ${REUSE})`);
  else if (p.PasswordReusePrevention < REUSE) out.push(`reuse prevention remembers only ${p.PasswordReusePrevention} passwords (< ${REUSE}, CIS 1.8)`);
  if (!p.RequireUppercaseCharacters) out.push('uppercase letters not required');
  if (!p.RequireLowercaseCharacters) out.push('lowercase letters not required');
  if (!p.RequireNumbers) out.push('numbers not required');
  if (!p.RequireSymbols) out.push('symbols not required');
  return out;
}

/**
 * update-account-password-policy resets every option it is not given to the
 * default, so the command restates the settings worth keeping (a stricter
 * length or reuse count, max age, hard expiry) rather than silently dropping them.
 */
function fixCli(p: PasswordPolicy | undefined): string {
  const args = [
    `--minimum-password-length ${Math.max(MIN_LENGTH, p?.MinimumPasswordLength ?? 0)}`,
    `--password-reuse-prevention ${Math.max(REUSE, p?.PasswordReusePrevention ?? 0)}`,
    '--require-uppercase-characters',
    '--require-lowercase-characters',
    '--require-numbers',
    '--require-symbols',
    p?.AllowUsersToChangePassword === false ? '--no-allow-users-to-change-password' : '--allow-users-to-change-password',
    ...(p?.MaxPasswordAge ? [`--max-password-age ${p.MaxPasswordAge}`] : []),
    ...(p?.HardExpiry ? ['--hard-expiry'] : []),
  ];
  return `aws iam update-account-password-policy ${args.join(' ')}`;
}
