import { regexMatches, type Rule } from './rule.js';

const TOKEN = /\b(npm_[A-Za-z0-9]{36})\b/g;
// Legacy tokens are UUIDs, recognisable only by the .npmrc setting in front.
const AUTH_TOKEN = /_authToken\s*=\s*["']?([A-Za-z0-9_\-.]{20,})/g;

export const npmToken: Rule = {
  id: 'npm-token',
  title: 'npm access token',
  description: 'An npm access token: publish rights let an attacker push a malicious version of your packages to every user.',
  severity: 'high',
  keywords: ['npm_', '_authToken'],
  find: (text) => {
    const seen = new Set<number>();
    return [...regexMatches(text, TOKEN), ...regexMatches(text, AUTH_TOKEN)]
      .filter((m) => !seen.has(m.index) && seen.add(m.index))
      .sort((a, b) => a.index - b.index);
  },
};
