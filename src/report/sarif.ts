/**
 * SARIF 2.1.0, the format GitHub code scanning and most CI viewers read.
 * Generic: scan findings, secrets and alerts each map themselves to rules and
 * results and call `toSarif`.
 */
import { VERSION } from '../version.js';

export interface SarifRule {
  id: string;
  name?: string;
  shortDescription: string;
  fullDescription?: string;
  help?: string;
  level: 'error' | 'warning' | 'note' | 'none';
  tags?: string[];
  /** 0.0-10.0, shown by GitHub as the severity. */
  securitySeverity?: number;
}

export interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note' | 'none';
  message: string;
  /** A file location (secrets) or a logical one (an ARN). */
  location: { uri?: string; line?: number; column?: number; logical?: string };
  /** Stable across runs, so viewers can match results between runs. */
  fingerprint?: string;
  properties?: Record<string, unknown>;
  /** Results accepted by a reviewer (config suppressions are `external`). */
  suppressions?: { kind: 'inSource' | 'external'; justification?: string }[];
}

export function toSarif(rules: SarifRule[], results: SarifResult[], informationUri = 'https://github.com/mamori-security/mamori'): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mamori',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri,
            rules: rules.map((r) => ({
              id: r.id,
              ...(r.name ? { name: r.name } : {}),
              shortDescription: { text: r.shortDescription },
              ...(r.fullDescription ? { fullDescription: { text: r.fullDescription } } : {}),
              ...(r.help ? { help: { text: r.help } } : {}),
              defaultConfiguration: { level: r.level },
              properties: {
                ...(r.tags ? { tags: r.tags } : {}),
                ...(r.securitySeverity !== undefined ? { 'security-severity': r.securitySeverity.toFixed(1) } : {}),
              },
            })),
          },
        },
        results: results.map((r) => ({
          ruleId: r.ruleId,
          ruleIndex: Math.max(0, rules.findIndex((x) => x.id === r.ruleId)),
          level: r.level,
          message: { text: r.message },
          locations: [
            r.location.uri
              ? {
                  physicalLocation: {
                    artifactLocation: { uri: r.location.uri },
                    ...(r.location.line ? { region: { startLine: r.location.line, ...(r.location.column ? { startColumn: r.location.column } : {}) } } : {}),
                  },
                }
              : { logicalLocations: [{ fullyQualifiedName: r.location.logical ?? 'aws', kind: 'resource' }] },
          ],
          ...(r.fingerprint ? { partialFingerprints: { 'mamori/v1': r.fingerprint } } : {}),
          ...(r.properties ? { properties: r.properties } : {}),
          ...(r.suppressions?.length ? { suppressions: r.suppressions } : {}),
        })),
      },
    ],
  };
}
