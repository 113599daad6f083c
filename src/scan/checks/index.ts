/**
 * The registry: every check, one module each. Adding a check is adding its
 * file and one line here.
 */
import type { Check } from '../check.js';
import { rootMfaEnabled } from './iam/root-mfa-enabled.js';
import { privilegedPrincipals } from './iam/privileged-principals.js';
import { fullAdminPolicy } from './iam/full-admin-policy.js';

export const CHECKS: Check[] = [
  rootMfaEnabled,
  privilegedPrincipals,
  fullAdminPolicy,
];
