/**
 * Every detector rule, in the order they run. AWS key ids come first: the
 * secret-key rule pairs bare 40-character values with the ids found.
 */
import type { Rule } from './rule.js';
import { awsAccessKeyId } from './aws-access-key-id.js';
import { awsUniqueId } from './aws-unique-id.js';
import { awsSecretAccessKey } from './aws-secret-access-key.js';
import { awsSessionToken } from './aws-session-token.js';
import { privateKey } from './private-key.js';
import { githubToken } from './github-token.js';
import { gitlabToken } from './gitlab-token.js';
import { slackToken } from './slack-token.js';
import { slackWebhook } from './slack-webhook.js';
import { stripeKey } from './stripe-key.js';
import { googleApiKey } from './google-api-key.js';
import { npmToken } from './npm-token.js';
import { genericSecret } from './generic-secret.js';

export const RULES: readonly Rule[] = [
  awsAccessKeyId,
  awsUniqueId,
  awsSecretAccessKey,
  awsSessionToken,
  privateKey,
  githubToken,
  gitlabToken,
  slackToken,
  slackWebhook,
  stripeKey,
  googleApiKey,
  npmToken,
  genericSecret,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

export type { Rule, RuleMatch, Severity } from './rule.js';
