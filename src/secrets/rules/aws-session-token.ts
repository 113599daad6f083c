import { regexMatches, type Rule } from './rule.js';

const NAMED = /(?:aws[_.-]?session[_.-]?token|aws[_.-]?security[_.-]?token|sessiontoken)["'`]?\s{0,20}(?::=|=>|:|=)\s{0,20}["'`]?([A-Za-z0-9/+=]{100,})/gi;
// STS session tokens are base64 and start with the same bytes (a protobuf-like header).
const PREFIXED = /(?<![A-Za-z0-9/+=])((?:FwoGZXIvYXdz|IQoJb3JpZ2lu|IQoJ)[A-Za-z0-9/+=]{100,})/g;

export const awsSessionToken: Rule = {
  id: 'aws-session-token',
  title: 'AWS session token',
  description: 'The session token of temporary AWS credentials. Valid until it expires (up to 36 hours) and cannot be revoked on its own.',
  severity: 'high',
  // The names match in any case and with any separator (aws-session-token,
  // AWS.SESSION.TOKEN), so the keywords are the words themselves, in any case.
  keywords: ['session', 'security'],
  ignoreCase: true,
  assignment: true,
  literalKeywords: ['FwoGZXIvYXdz', 'IQoJ'],
  find(text) {
    const seen = new Set<number>();
    const out = [...regexMatches(text, NAMED), ...regexMatches(text, PREFIXED)]
      .filter((m) => !seen.has(m.index) && seen.add(m.index))
      // AWS documentation's sample tokens carry EXAMPLE inside them.
      .map((m) => ({ ...m, example: m.value.includes('EXAMPLE') }));
    return out.sort((a, b) => a.index - b.index);
  },
};
