/**
 * Snapshots for check tests, in the spirit of ESLint's RuleTester: start from
 * a hardened account where every check passes, change one thing, and assert
 * what the check says about it.
 */
import type { AccountSnapshot, CredentialReportRow, Read } from '../../src/scan/snapshot.js';
import { emptySnapshot } from '../../src/scan/collect/index.js';

export const ACCOUNT = '123456789012';
export const NOW = new Date('2026-11-01T00:00:00Z');
export const REGIONS = ['eu-west-1', 'us-east-1'];

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const denied = (api: string, region = 'global'): Read<never> => ({
  ok: false,
  error: { api, region, kind: 'access-denied', code: 'AccessDenied', message: `not authorized to perform ${api}` },
});
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function reportRow(user: string, over: Partial<CredentialReportRow> = {}): CredentialReportRow {
  return {
    user,
    arn: user === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user_creation_time: daysAgo(400),
    password_enabled: user === '<root_account>' ? 'not_supported' : 'false',
    password_last_used: user === '<root_account>' ? daysAgo(200) : 'N/A',
    password_last_changed: user === '<root_account>' ? 'not_supported' : 'N/A',
    password_next_rotation: user === '<root_account>' ? 'not_supported' : 'N/A',
    mfa_active: 'true',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
    ...over,
  };
}

/** An account that does everything right; each service's defaults live here. */
export function hardened(): AccountSnapshot {
  const snap = emptySnapshot({ id: ACCOUNT, partition: 'aws', callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor` }, [...REGIONS], NOW);
  const perRegion = <T>(v: () => T) => Object.fromEntries(REGIONS.map((r) => [r, ok(v())]));
  snap.iam = {
    summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0, Users: 1 }),
    passwordPolicy: ok({
      MinimumPasswordLength: 16,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      PasswordReusePrevention: 24,
      AllowUsersToChangePassword: true,
    }),
    credentialReport: ok([
      reportRow('<root_account>'),
      reportRow('alice', { password_enabled: 'true', password_last_used: daysAgo(2), password_last_changed: daysAgo(30), mfa_active: 'true' }),
    ]),
    authorization: ok({
      users: [{ name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, groups: ['readers'], attached: [], inline: [] }],
      groups: [{ name: 'readers', arn: `arn:aws:iam::${ACCOUNT}:group/readers`, attached: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], inline: [] }],
      roles: [],
      policies: [],
    }),
    virtualMfaDevices: ok([{ serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, userArn: `arn:aws:iam::${ACCOUNT}:user/alice` }]),
    accessKeys: {},
  };
  // Root has two FIDO keys and no virtual device: MFA on, hardware, not visible to a non-root caller.
  snap.guardduty = perRegion(() => ({ detectors: [{ id: 'd1', status: 'ENABLED' }], highFindings: ok([]) }));
  return snap;
}
