import { regexMatches, type Rule } from './rule.js';

// xoxb- bot, xoxp- user, xoxa-/xoxr- app and refresh, xoxe- rotating, xapp- app-level.
const TOKEN = /\b((?:xox[abposre](?:\.xox[a-z])?-[0-9]{6,}-[0-9A-Za-z-]{8,}|xapp-\d-[A-Z0-9]{6,}-\d{6,}-[a-z0-9]{32,}))\b/g;

export const slackToken: Rule = {
  id: 'slack-token',
  title: 'Slack token',
  description: 'A Slack bot, user or app token: reads and posts messages in the workspace, a common phishing foothold.',
  severity: 'high',
  // 'xox' alone: the expression also accepts forms such as xoxe.xoxb-.
  keywords: ['xox', 'xapp-'],
  find: (text) => regexMatches(text, TOKEN),
};
