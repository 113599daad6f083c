import { KEY_ID_PREFIXES } from '../aws-key-id.js';
import { findKeyIds } from './aws-access-key-id.js';
import type { Rule } from './rule.js';

const ID_PREFIXES = Object.entries(KEY_ID_PREFIXES).filter(([, v]) => !v.credential).map(([p]) => p);

/**
 * User, role, group, policy and instance-profile ids share the key-id format
 * but grant nothing. Reported for completeness (they reveal the account) and
 * never fail a run.
 */
export const awsUniqueId: Rule = {
  id: 'aws-unique-id',
  title: 'AWS unique id (not a credential)',
  description: 'An IAM unique id (AIDA user, AROA role, AGPA group, ANPA policy...). Not a credential, but it names the account it belongs to.',
  severity: 'info',
  keywords: ID_PREFIXES,
  find: (text) => findKeyIds(text, ID_PREFIXES.filter((p) => text.includes(p))),
};
