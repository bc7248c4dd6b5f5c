/**
 * The bump rules, one spec edit each: specs/stedi.yaml as committed (before) against a copy with
 * one change (after). api-smart-diff does the diffing; these pin what a typed client makes of it.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatChange } from '../../scripts/src/regen/change.js';
import { renderChangeset } from '../../scripts/src/regen/changeset.js';
import { classify, type Classification } from '../../scripts/src/regen/classify.js';
import { PROJECT } from './temp-repo.js';

type Node = Record<string, unknown>;

// The committed version, so that edits others are making to the spec do not move these tests.
const BEFORE = execFileSync('git', ['show', 'HEAD:specs/stedi.yaml'], { cwd: PROJECT, encoding: 'utf8' });

const at = (doc: Node, ...keys: string[]): Node => keys.reduce<Node>((node, key) => node[key] as Node, doc);
const schema = (doc: Node, name: string): Node => at(doc, 'components', 'schemas', name);

/** Classifies one edit of the spec. */
function edited(change: (doc: Node) => void): Classification {
  const doc = parse(BEFORE) as Node;
  change(doc);
  return classify({ vendor: 'stedi', file: 'specs/stedi.yaml', before: BEFORE, after: stringify(doc) });
}

const lines = (c: Classification): string[] => c.changes.map((x) => `${x.bump} ${formatChange(x)}`);

describe('classify: major when existing callers break', () => {
  it('a request field becomes required', () => {
    const result = edited((d) => (schema(d, 'UpdateProviderRequest').required as string[]).push('contacts'));
    expect(result.bump).toBe('major');
    expect(lines(result)).toEqual(['major `updateProvider`: request field `contacts` is now required']);
  });

  it('a nested request field becomes required (array items, anyOf branches merged into one line)', () => {
    const result = edited((d) => (schema(d, 'ProviderContact').required as string[]).push('streetAddress2'));
    expect(result.bump).toBe('major');
    expect(lines(result)).toContain('major `createProvider`: request field `contacts[].streetAddress2` is now required');
    expect(lines(result)).toContain('major `updateProvider`: request field `contacts[].streetAddress2` is now required');
    expect(lines(result)).toContain('minor `getProvider`: response field `contacts[].streetAddress2` is now always present');
    // ProviderContact is also the enrollments' `primaryContact`.
    expect(lines(result)).toContain('major `createEnrollment`: request field `primaryContact.streetAddress2` is now required');
    expect(lines(result)).toContain('major `updateEnrollment`: request field `primaryContact.streetAddress2` is now required');
    expect(lines(result).filter((l) => l.startsWith('major')).length).toBe(4);
  });

  it('an enum value a caller may send is removed; in responses that is compatible', () => {
    const result = edited((d) => (schema(d, 'TaxIdType').enum = ['EIN']));
    expect(result.bump).toBe('major');
    expect(lines(result)).toContain('major `createProvider`: request field `taxIdType` no longer accepts `SSN`');
    expect(lines(result)).toContain('minor `listProviders`: response field `items[].taxIdType` is no longer `SSN`');
  });

  it('an operation is removed, or renamed through its operationId', () => {
    expect(lines(edited((d) => delete at(d, 'paths', '/providers/{providerId}').delete))).toEqual(['major `deleteProvider`: was removed (DELETE /providers/{providerId})']);
    expect(lines(edited((d) => (at(d, 'paths', '/providers', 'get').operationId = 'searchProviders')))).toEqual(['major `listProviders`: was renamed to `searchProviders`']);
  });

  it('the pagination iterator is renamed', () => {
    const result = edited((d) => (at(d, 'paths', '/providers', 'get', 'x-careapis-paginate').name = 'iterateProviders'));
    expect(lines(result)).toEqual(['major `listAllProviders`: was renamed to `iterateProviders`']);
  });

  it('a request field is removed (callers that send it no longer compile), and so is a response field (readers break)', () => {
    expect(lines(edited((d) => delete (schema(d, 'UpdateProviderRequest').properties as Node).contacts))).toEqual(['major `updateProvider`: request field `contacts` was removed']);
    const response = edited((d) => delete (schema(d, 'Provider').properties as Node).createdAt);
    expect(response.bump).toBe('major');
    expect(lines(response)).toContain('major `getProvider`: response field `createdAt` was removed');
  });

  it('a type narrows in a request, or widens in a response', () => {
    const request = edited((d) => ((schema(d, 'CreateProviderRequest').properties as Record<string, Node>).name!.type = 'integer'));
    expect(lines(request)).toEqual(['major `createProvider`: request field `name` type changed from `string` to `integer`']);
    const response = edited((d) => ((schema(d, 'Provider').properties as Record<string, Node>).name!.type = ['string', 'null']));
    expect(response.bump).toBe('major');
    expect(lines(response)).toContain('major `getProvider`: response field `name` type changed from `string` to `string` | `null`');
  });

  it('a request constraint narrows', () => {
    const result = edited((d) => ((schema(d, 'ProviderContact').properties as Record<string, Node>).zipCode!.maxLength = 10));
    expect(lines(result)).toContain('major `createProvider`: request field `contacts[].zipCode`: `maxLength` `10` was added');
  });

  it('a parameter becomes required or goes away', () => {
    expect(lines(edited((d) => (at(d, 'components', 'parameters', 'Filter').required = true)))).toEqual(['major `listProviders`: query parameter `filter` is now required']);
    expect(lines(edited((d) => (at(d, 'paths', '/providers', 'get').parameters as unknown[]).splice(2, 1)))).toEqual(['major `listProviders`: query parameter `filter` was removed']);
  });

  it('auth changes: another header, a key prefix, a new required client option', () => {
    expect(lines(edited((d) => (at(d, 'components', 'securitySchemes', 'httpApiKeyAuth').name = 'X-Api-Key')))).toEqual(['major the API key is now sent in the `x-api-key` header (was `authorization`)']);
    expect(lines(edited((d) => (at(d, 'components', 'securitySchemes', 'httpApiKeyAuth')['x-careapis-key-prefix'] = 'sk_')))).toEqual(['major API keys must now start with `sk_`']);
    const option = edited((d) =>
      (at(d, 'paths', '/providers', 'get').parameters as unknown[]).push({ name: 'org-id', in: 'header', description: 'Organization.', schema: { type: 'string' }, 'x-careapis-client-option': 'orgId' }),
    );
    expect(lines(option)).toEqual(['major new required client option `orgId` (sent as the `org-id` header)']);
  });
});

describe('classify: minor when something is added compatibly', () => {
  it('a new operation', () => {
    const result = edited((d) => (at(d, 'paths', '/providers/{providerId}').put = { ...at(d, 'paths', '/providers/{providerId}', 'post'), operationId: 'replaceProvider' }));
    expect(lines(result)).toEqual(['minor `replaceProvider`: was added (PUT /providers/{providerId})']);
  });

  it('an optional request field, an optional parameter', () => {
    expect(lines(edited((d) => ((schema(d, 'UpdateProviderRequest').properties as Node).nickname = { type: 'string', description: 'A short name.' })))).toEqual([
      'minor `updateProvider`: request field `nickname` was added',
    ]);
    expect(lines(edited((d) => (at(d, 'paths', '/providers', 'get').parameters as unknown[]).push({ name: 'state', in: 'query', description: 'A state.', schema: { type: 'string' } })))).toEqual([
      'minor `listProviders`: new optional query parameter `state`',
    ]);
  });

  it('a response field, listed once per operation with the error statuses it appears in', () => {
    const result = edited((d) => ((schema(d, 'ErrorResponse').properties as Node).requestId = { type: 'string', description: 'Request id.' }));
    expect(result.bump).toBe('minor');
    expect(lines(result)).toContain('minor `listProviders`: response field `requestId` was added (responses 401, 403, 429, 500, 503, 504)');
    expect(result.changes.filter((c) => c.method === 'listProviders')).toHaveLength(1);
  });

  it('a new enum value: accepted in requests, announced in responses, minor on both sides', () => {
    const result = edited((d) => (schema(d, 'TaxIdType').enum as string[]).push('ITIN'));
    expect(result.bump).toBe('minor');
    expect(lines(result)).toContain('minor `createProvider`: request field `taxIdType` accepts `ITIN`');
    expect(lines(result)).toContain('minor `getProvider`: response field `taxIdType` may now be `ITIN`');
  });

  it('a response type narrows, an operation is deprecated, retry behaviour changes, an environment is added', () => {
    expect(lines(edited((d) => ((schema(d, 'ListProvidersResponse').properties as Record<string, Node>).nextPageToken!.type = 'string')))).toEqual([
      'minor `listProviders`: response field `nextPageToken` type changed from `string` | `null` to `string`',
    ]);
    expect(lines(edited((d) => (at(d, 'paths', '/providers', 'get').deprecated = true)))).toEqual(['minor `listProviders`: is now deprecated']);
    expect(lines(edited((d) => delete at(d, 'paths', '/providers/{providerId}', 'post')['x-careapis-idempotent']))).toEqual([
      'minor `updateProvider`: is no longer retried on failure (no longer marked idempotent)',
    ]);
    expect(lines(edited((d) => (d.servers as unknown[]).push({ url: 'https://sandbox.example.com', description: 'Sandbox.', 'x-careapis-environment': 'sandbox' })))).toEqual([
      'minor environment `sandbox` was added (https://sandbox.example.com)',
    ]);
  });
});

describe('classify: patch for descriptions and examples only', () => {
  it('descriptions, folded into one line per operation', () => {
    const result = edited((d) => {
      at(d, 'paths', '/providers', 'get').description = 'Lists providers.';
      (schema(d, 'Provider').properties as Record<string, Node>).id!.description = 'The id.';
    });
    expect(result.bump).toBe('patch');
    expect(lines(result)).toEqual([
      'patch `createProvider`: descriptions updated',
      'patch `getProvider`: descriptions updated',
      'patch `listProviders`: descriptions updated',
      'patch `updateProvider`: descriptions updated',
    ]);
  });

  it('examples', () => {
    const result = edited((d) => ((schema(d, 'Provider').properties as Record<string, Node>).id!.examples = ['another-id']));
    expect(result.bump).toBe('patch');
    expect(lines(result)).toContain('patch `getProvider`: examples updated');
  });

  it('notes for spec readers change nothing a caller sees: no bump at all', () => {
    const result = edited((d) => (at(d, 'paths', '/providers', 'get')['x-careapis-note'] = 'Reworded.'));
    expect(result).toEqual({ bump: undefined, changes: [], warnings: [] });
  });
});

describe('renderChangeset', () => {
  it('writes the bump in the frontmatter and groups the changes by bump', () => {
    const result = edited((d) => {
      (schema(d, 'UpdateProviderRequest').required as string[]).push('contacts');
      at(d, 'paths', '/providers', 'get').description = 'Lists providers.';
    });
    const text = renderChangeset({ packageName: '@careapis/stedi', bump: result.bump!, changes: result.changes, specFile: 'specs/stedi.yaml', title: 'Stedi Enrollment API', apiVersion: '2024-09-01' });
    expect(text).toBe(
      [
        '---',
        '"@careapis/stedi": major',
        '---',
        '',
        'Regenerated from `specs/stedi.yaml` (Stedi Enrollment API 2024-09-01).',
        '',
        'Breaking changes:',
        '',
        '- `updateProvider`: request field `contacts` is now required',
        '',
        'Documentation:',
        '',
        '- `listProviders`: descriptions updated',
        '',
      ].join('\n'),
    );
  });
});
