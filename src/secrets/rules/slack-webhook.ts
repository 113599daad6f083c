import { regexMatches, type Rule } from './rule.js';

const HOOK = /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/[A-Za-z0-9]{16,})/g;

export const slackWebhook: Rule = {
  id: 'slack-webhook',
  title: 'Slack incoming webhook',
  description: 'A Slack webhook URL. Anyone with it can post into the channel, e.g. convincing fake alerts.',
  severity: 'medium',
  keywords: ['hooks.slack.com/'],
  find: (text) => regexMatches(text, HOOK),
};
