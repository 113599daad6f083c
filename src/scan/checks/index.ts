/**
 * The registry: every check, one module each. Adding a check is adding its
 * file and one line here.
 */
import type { Check } from '../check.js';
import { rootMfaEnabled } from './iam/root-mfa-enabled.js';

export const CHECKS: Check[] = [rootMfaEnabled];
