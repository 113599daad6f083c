import { regexMatches, type Rule } from './rule.js';

// Classic tokens: ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server),
// ghs_ (server-to-server), ghr_ (refresh); fine-grained: github_pat_.
const TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59,})\b/g;

export const githubToken: Rule = {
  id: 'github-token',
  title: 'GitHub token',
  description: 'A GitHub personal access, OAuth, app or refresh token. It can read private code and, often, push to it or change CI secrets.',
  severity: 'high',
  keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  find: (text) => regexMatches(text, TOKEN),
};
