/**
 * Changes only a generated client has: compares the generator's own model (`buildModel`) of the
 * spec before and after. An OpenAPI diff sees an `operationId` edit or an `x-careapis-*` value as
 * an annotation; for the client it is a renamed method, a new required client option, another
 * environment or different authentication.
 */
import type { VendorModel, OperationModel } from '../generate/model/index.js';
import type { Change } from './change.js';

/** Client-level changes between two models of one vendor. */
export function diffModels(before: VendorModel, after: VendorModel): Change[] {
  return [...diffOperations(before.operations, after.operations), ...diffEnvironments(before, after), ...diffAuth(before, after), ...diffOptions(before, after), ...diffMisc(before, after)];
}

function diffOperations(before: OperationModel[], after: OperationModel[]): Change[] {
  const changes: Change[] = [];
  const afterByName = new Map(after.map((op) => [op.name, op]));
  const beforeNames = new Set(before.map((op) => op.name));
  const matched = new Set<string>();
  const pairs: [OperationModel, OperationModel][] = [];
  for (const old of before) {
    const same = afterByName.get(old.name);
    if (same) {
      pairs.push([old, same]);
      matched.add(same.name);
      continue;
    }
    const renamed = after.find((op) => op.method === old.method && op.path === old.path && !beforeNames.has(op.name) && !matched.has(op.name));
    if (renamed) {
      changes.push({ bump: 'major', method: old.name, text: `was renamed to \`${renamed.name}\`` });
      pairs.push([old, renamed]);
      matched.add(renamed.name);
      continue;
    }
    changes.push({ bump: 'major', method: old.name, text: `was removed (${old.method} ${old.path})` });
    if (old.pagination) changes.push({ bump: 'major', method: old.pagination.name, text: 'was removed' });
  }
  for (const op of after) {
    if (matched.has(op.name)) continue;
    changes.push({ bump: 'minor', method: op.name, text: `was added (${op.method} ${op.path})` });
    if (op.pagination) changes.push({ bump: 'minor', method: op.pagination.name, text: `was added: iterates over every item of \`${op.name}\`` });
  }
  for (const [old, now] of pairs) {
    const a = old.pagination;
    const b = now.pagination;
    if (a && !b) changes.push({ bump: 'major', method: a.name, text: 'was removed' });
    else if (!a && b) changes.push({ bump: 'minor', method: b.name, text: `was added: iterates over every item of \`${now.name}\`` });
    else if (a && b && a.name !== b.name) changes.push({ bump: 'major', method: a.name, text: `was renamed to \`${b.name}\`` });
    else if (a && b && JSON.stringify(a) !== JSON.stringify(b)) changes.push({ bump: 'minor', method: b.name, text: 'pages differently' });
    if (old.noAuth !== now.noAuth) changes.push({ bump: 'minor', method: now.name, text: now.noAuth ? 'is now sent without credentials' : 'is now sent with credentials' });
  }
  return changes;
}

function diffEnvironments(before: VendorModel, after: VendorModel): Change[] {
  const changes: Change[] = [];
  const now = new Map(after.environments.map((e) => [e.name, e]));
  const was = new Map(before.environments.map((e) => [e.name, e]));
  for (const env of before.environments) {
    const next = now.get(env.name);
    if (!next) changes.push({ bump: 'major', text: `environment \`${env.name}\` was removed` });
    else if (next.url !== env.url) changes.push({ bump: 'minor', text: `environment \`${env.name}\` now points at ${next.url}` });
  }
  for (const env of after.environments) if (!was.has(env.name)) changes.push({ bump: 'minor', text: `environment \`${env.name}\` was added (${env.url})` });
  const [oldDefault, newDefault] = [before.environments[0]?.name, after.environments[0]?.name];
  if (oldDefault && newDefault && oldDefault !== newDefault) changes.push({ bump: 'major', text: `the default environment is now \`${newDefault}\` (was \`${oldDefault}\`)` });
  if (!before.serverTemplate && after.serverTemplate) changes.push({ bump: 'major', text: `\`baseUrl\` is now required (server URL template ${after.serverTemplate})` });
  else if (before.serverTemplate && !after.serverTemplate) changes.push({ bump: 'minor', text: '`baseUrl` is no longer required' });
  else if (before.serverTemplate !== after.serverTemplate) changes.push({ bump: 'minor', text: `the server URL template is now ${after.serverTemplate}` });
  return changes;
}

function diffAuth(before: VendorModel, after: VendorModel): Change[] {
  const a = before.auth;
  const b = after.auth;
  if (!a && !b) return [];
  if (!a || !b) return [{ bump: 'major', text: b ? `calls now need credentials (${authName(b)})` : 'calls no longer take credentials' }];
  if (a.type !== b.type) return [{ bump: 'major', text: `authentication changed from ${authName(a)} to ${authName(b)}` }];
  const changes: Change[] = [];
  if (a.type === 'apiKey' && b.type === 'apiKey') {
    if (a.header !== b.header) changes.push({ bump: 'major', text: `the API key is now sent in the \`${b.header}\` header (was \`${a.header}\`)` });
    if (a.prefix !== b.prefix) changes.push({ bump: 'major', text: b.prefix ? `API keys must now start with \`${b.prefix}\`` : 'API keys no longer need a prefix' });
  }
  if (a.type === 'bearer' && b.type === 'bearer' && JSON.stringify(a.token) !== JSON.stringify(b.token)) {
    changes.push({ bump: 'major', text: b.token ? (a.token ? 'the token exchange changed' : 'the client now exchanges client credentials for tokens') : 'the client no longer exchanges client credentials for tokens' });
  }
  return changes;
}

function authName(auth: NonNullable<VendorModel['auth']>): string {
  return auth.type === 'apiKey' ? 'an API key' : auth.token ? 'client credentials' : 'a bearer token';
}

function diffOptions(before: VendorModel, after: VendorModel): Change[] {
  const changes: Change[] = [];
  for (const [name, header] of Object.entries(after.clientOptions)) {
    const old = before.clientOptions[name];
    if (old === undefined) changes.push({ bump: 'major', text: `new required client option \`${name}\` (sent as the \`${header}\` header)` });
    else if (old !== header) changes.push({ bump: 'minor', text: `client option \`${name}\` is now sent as the \`${header}\` header` });
  }
  for (const name of Object.keys(before.clientOptions)) if (!(name in after.clientOptions)) changes.push({ bump: 'major', text: `client option \`${name}\` was removed` });
  return changes;
}

function diffMisc(before: VendorModel, after: VendorModel): Change[] {
  const changes: Change[] = [];
  if (JSON.stringify(before.retryAfterFields) !== JSON.stringify(after.retryAfterFields)) changes.push({ bump: 'minor', text: 'retry hints read from response bodies changed' });
  for (const field of after.secretFields) if (!before.secretFields.includes(field)) changes.push({ bump: 'minor', text: `field \`${field}\` is now redacted from errors and logs` });
  for (const field of before.secretFields) if (!after.secretFields.includes(field)) changes.push({ bump: 'minor', text: `field \`${field}\` is no longer redacted from errors and logs` });
  if (before.apiVersion !== after.apiVersion) changes.push({ bump: 'patch', text: `follows ${after.title} ${after.apiVersion} (was ${before.apiVersion})` });
  return changes;
}
