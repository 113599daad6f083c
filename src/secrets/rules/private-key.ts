import type { Rule, RuleMatch } from './rule.js';

// Header, a body of at least a few lines' worth of base64, footer. Bounded
// quantifiers keep the search linear on huge inputs.
const BLOCK =
  /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:[\r\n]+|\\n)((?:[A-Za-z0-9-]+: [^\r\n]*[\r\n]+)*)([A-Za-z0-9+/=\r\n\\ns"'+, ]{64,20000}?)-----END \1-----/g;

export const privateKey: Rule = {
  id: 'private-key',
  title: 'Private key',
  description: 'A PEM or OpenSSH private key. Whoever holds it can sign as its owner: SSH into servers, impersonate a TLS site, sign commits or releases.',
  severity: 'critical',
  // Not 'PRIVATE KEY-----': PGP armour reads 'PRIVATE KEY BLOCK-----'.
  keywords: ['PRIVATE KEY'],
  // The body can be up to 20,000 characters, plus headers and the END line.
  reach: 24 * 1024,
  find(text) {
    const out: RuleMatch[] = [];
    for (const m of text.matchAll(BLOCK)) {
      const body = m[3]!.replace(/\\n|[\s"'+,]/g, '');
      // Placeholders such as "..." or "<your key here>" have no real body.
      if (body.length < 64 || !/^[A-Za-z0-9+/=]+$/.test(body)) continue;
      out.push({ index: m.index!, value: body, example: false });
    }
    return out;
  },
};
