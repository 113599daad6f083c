/**
 * The registry: every check, one module each. Adding a check is adding its
 * file and one line here.
 */
import type { Check } from '../check.js';
import { manualAmazonLogin2sv } from './iam/manual-amazon-login-2sv.js';
import { manualRootContactPhone } from './iam/manual-root-contact-phone.js';
import { manualRootTotpBackup } from './iam/manual-root-totp-backup.js';
import { passwordPolicy } from './iam/password-policy.js';
import { rootAccessKeys } from './iam/root-access-keys.js';
import { rootHardwareMfa } from './iam/root-hardware-mfa.js';
import { rootMfaEnabled } from './iam/root-mfa-enabled.js';
import { rootMultipleMfa } from './iam/root-multiple-mfa.js';
import { rootRecentUse } from './iam/root-recent-use.js';
import { rootSigningCertificates } from './iam/root-signing-certificates.js';
import { userConsoleMfa } from './iam/user-console-mfa.js';
import { userKeyNeverUsed } from './iam/user-key-never-used.js';
import { userKeyRotation } from './iam/user-key-rotation.js';
import { userKeyUnused } from './iam/user-key-unused.js';
import { userTwoActiveKeys } from './iam/user-two-active-keys.js';
import { userUnusedCredentials } from './iam/user-unused-credentials.js';
import { privilegedPrincipals } from './iam/privileged-principals.js';
import { fullAdminPolicy } from './iam/full-admin-policy.js';

export const CHECKS: Check[] = [
  rootMfaEnabled,
  rootHardwareMfa,
  rootMultipleMfa,
  rootAccessKeys,
  rootRecentUse,
  rootSigningCertificates,
  userConsoleMfa,
  userKeyRotation,
  userKeyUnused,
  userTwoActiveKeys,
  userKeyNeverUsed,
  userUnusedCredentials,
  passwordPolicy,
  manualAmazonLogin2sv,
  manualRootTotpBackup,
  manualRootContactPhone,
  privilegedPrincipals,
  fullAdminPolicy,
];
