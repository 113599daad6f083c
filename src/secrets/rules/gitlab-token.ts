import { regexMatches, type Rule } from './rule.js';

// glpat- personal, glptt- pipeline trigger, gldt- deploy, glrt- runner,
// gloas- OAuth application secret, glsoat- service account. Newer tokens
// carry a routing suffix such as ".01.xxxxxxxxx".
const TOKEN = /\b((?:glpat|glptt|gldt|glrt|gloas|glsoat)-[A-Za-z0-9_-]{20,64}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,12})?)(?![A-Za-z0-9_-])/g;

export const gitlabToken: Rule = {
  id: 'gitlab-token',
  title: 'GitLab token',
  description: 'A GitLab access, deploy, trigger or runner token: repository and CI access to the projects it covers.',
  severity: 'high',
  keywords: ['glpat-', 'glptt-', 'gldt-', 'glrt-', 'gloas-', 'glsoat-'],
  find: (text) => regexMatches(text, TOKEN),
};
