import { regexMatches, type Rule } from './rule.js';

const KEY = /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g;

export const googleApiKey: Rule = {
  id: 'google-api-key',
  title: 'Google API key',
  description: 'A Google Cloud / Firebase API key. Unrestricted keys run up bills on paid APIs (Maps, Gemini) charged to the owner.',
  severity: 'high',
  keywords: ['AIza'],
  find: (text) => regexMatches(text, KEY),
};
