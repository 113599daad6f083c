/**
 * JSON Schemas the outputs are validated against in tests. The scan report's
 * is the published one (docs/schema). SARIF and OCSF schemas cannot be
 * downloaded here, so these are focused transcriptions of the parts of the
 * official schemas mamori emits — the SARIF 2.1.0 OASIS schema
 * (sarif-schema-2.1.0.json: required properties, enums and
 * `additionalProperties: false` on the objects used) and OCSF 1.3.0's
 * Detection Finding (class 2004: the base event's required attributes, the
 * finding's, and the enums of the ids used).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';

export function ajv() {
  const a = new (Ajv2020 as any)({ allErrors: true, strict: false });
  (addFormats as any)(a);
  return a;
}

export const scanReportSchema = JSON.parse(readFileSync(new URL('../../../docs/schema/scan-report.v1.json', import.meta.url), 'utf8'));

const message = { type: 'object', anyOf: [{ required: ['text'] }, { required: ['id'] }], properties: { text: { type: 'string' }, markdown: { type: 'string' }, id: { type: 'string' }, arguments: { type: 'array' } }, additionalProperties: false };
const mfMessage = { type: 'object', required: ['text'], properties: { text: { type: 'string' }, markdown: { type: 'string' } }, additionalProperties: false };
const level = { enum: ['none', 'note', 'warning', 'error'] };
const propertyBag = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, uniqueItems: true } } };

export const sarifSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['version', 'runs'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { enum: ['2.1.0'] },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        additionalProperties: false,
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            additionalProperties: false,
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string' },
                  version: { type: 'string' },
                  semanticVersion: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      additionalProperties: false,
                      properties: {
                        id: { type: 'string' },
                        name: { type: 'string' },
                        shortDescription: mfMessage,
                        fullDescription: mfMessage,
                        help: mfMessage,
                        defaultConfiguration: { type: 'object', additionalProperties: false, properties: { level, enabled: { type: 'boolean' }, rank: { type: 'number' } } },
                        properties: propertyBag,
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              additionalProperties: false,
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level,
                message,
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    properties: {
                      physicalLocation: { type: 'object' },
                      logicalLocations: {
                        type: 'array',
                        items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, fullyQualifiedName: { type: 'string' }, kind: { type: 'string' } } },
                      },
                    },
                  },
                },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                suppressions: {
                  type: 'array',
                  uniqueItems: true,
                  items: {
                    type: 'object',
                    required: ['kind'],
                    additionalProperties: false,
                    properties: { kind: { enum: ['inSource', 'external'] }, status: { enum: ['accepted', 'underReview', 'rejected'] }, justification: { type: 'string' } },
                  },
                },
                properties: propertyBag,
              },
            },
          },
        },
      },
    },
  },
};

export const ocsfDetectionFindingSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'array',
  items: {
    type: 'object',
    required: ['activity_id', 'category_uid', 'class_uid', 'type_uid', 'time', 'severity_id', 'metadata', 'finding_info'],
    properties: {
      activity_id: { enum: [0, 1, 2, 3, 99] },
      category_uid: { const: 2 },
      class_uid: { const: 2004 },
      type_uid: { const: 200401 },
      time: { type: 'integer', minimum: 0 },
      time_dt: { type: 'string', format: 'date-time' },
      severity_id: { enum: [0, 1, 2, 3, 4, 5, 6, 99] },
      severity: { enum: ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical', 'Fatal', 'Other'] },
      status_id: { enum: [0, 1, 2, 3, 4, 5, 6, 99] },
      status: { enum: ['Unknown', 'New', 'In Progress', 'Suppressed', 'Resolved', 'Archived', 'Deleted', 'Other'] },
      status_code: { type: 'string' },
      status_detail: { type: 'string' },
      is_alert: { type: 'boolean' },
      message: { type: 'string' },
      metadata: {
        type: 'object',
        required: ['product', 'version'],
        properties: {
          version: { type: 'string', pattern: '^1\\.\\d+\\.\\d+$' },
          product: { type: 'object', required: ['vendor_name'], properties: { name: { type: 'string' }, vendor_name: { type: 'string' }, version: { type: 'string' } } },
          event_code: { type: 'string' },
          uid: { type: 'string' },
          profiles: { type: 'array', items: { type: 'string' } },
        },
      },
      finding_info: {
        type: 'object',
        required: ['uid', 'title'],
        properties: {
          uid: { type: 'string' },
          title: { type: 'string' },
          desc: { type: 'string' },
          types: { type: 'array', items: { type: 'string' } },
          created_time: { type: 'integer' },
          related_events: { type: 'array', items: { type: 'object', required: ['uid'] } },
        },
      },
      cloud: {
        type: 'object',
        required: ['provider'],
        properties: { provider: { type: 'string' }, region: { type: 'string' }, account: { type: 'object', properties: { uid: { type: 'string' }, type_id: { enum: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99] } } } },
      },
      resources: { type: 'array', items: { type: 'object', properties: { uid: { type: 'string' }, type: { type: 'string' }, region: { type: 'string' } } } },
      remediation: { type: 'object', required: ['desc'], properties: { desc: { type: 'string' } } },
      unmapped: { type: 'object' },
    },
  },
};
