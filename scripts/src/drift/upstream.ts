/**
 * `x-careapis-upstream` (in a spec's `info`): where the vendor publishes a machine-readable
 * description of its API, and reading it — from its URL, or from a file, directory or URL given
 * on the command line (`--upstream <vendor>=<file or URL>`).
 *
 * Formats: `openapi` (an OpenAPI 3.x document, JSON or YAML), `candidhealth-sdk` (the npm package
 * `candidhealth`, read by `candid-sdk.ts`: a package directory, or an `npm pack` tarball), and
 * `none` (the vendor publishes no such description; `reason` says what was looked for).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { readCandidSdk } from './candid-sdk.js';
import { isObject, type Node } from './operations.js';

/** The extension's value. */
export type UpstreamConfig =
  | { format: 'openapi'; url: string; docs?: string; scope?: string[]; ignore?: { operation: string; reason: string }[] }
  | { format: 'candidhealth-sdk'; package: string; version: string; docs?: string; scope?: string[]; ignore?: { operation: string; reason: string }[] }
  | { format: 'none'; reason: string; docs?: string };

/** The vendor's description, read. */
export interface Upstream {
  doc: Node;
  /** Where it was read from (URL, file or directory). */
  source: string;
  /** The vendor's own version label (`info.version`, or the SDK's package version). */
  version: string | undefined;
  /** Whether the format states HTTP status codes. */
  statusCodes: boolean;
}

/** The `x-careapis-upstream` of a spec, or undefined. Its shape has been checked by the generator. */
export function upstreamConfig(spec: unknown): UpstreamConfig | undefined {
  const info = isObject(spec) ? spec.info : undefined;
  const value = isObject(info) ? info['x-careapis-upstream'] : undefined;
  return isObject(value) && typeof value.format === 'string' ? (value as unknown as UpstreamConfig) : undefined;
}

const FETCH_TIMEOUT_MS = 60_000;

/** Reads the vendor's description. `override` is a file, directory or URL from the command line. */
export async function loadUpstream(config: Exclude<UpstreamConfig, { format: 'none' }>, options: { root: string; override?: string | undefined; prefixes: string[] }): Promise<Upstream> {
  if (config.format === 'openapi') {
    const source = options.override ?? config.url;
    const text = isUrl(source) ? await download(source) : readFileSync(resolve(source), 'utf8');
    const doc = parseDocument(text, source);
    return { doc, source, version: isObject(doc.info) && doc.info.version !== undefined ? String(doc.info.version) : undefined, statusCodes: true };
  }
  const source = options.override ?? join(options.root, 'node_modules', config.package);
  let dir = source;
  let cleanup: string | undefined;
  try {
    if (isUrl(source) || /\.(tgz|tar\.gz)$/.test(source)) {
      cleanup = mkdtempSync(join(tmpdir(), 'careapis-drift-'));
      let tarball = source;
      if (isUrl(source)) {
        tarball = join(cleanup, 'package.tgz');
        writeFileSync(tarball, Buffer.from(await (await fetchOk(source)).arrayBuffer()));
      }
      execFileSync('tar', ['-xzf', resolve(tarball), '-C', cleanup]);
      dir = join(cleanup, 'package');
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${source}: no such package directory (install ${config.package}, or pass --upstream <vendor>=<dir or .tgz>)`);
    const sdk = readCandidSdk(resolve(dir), options.prefixes);
    return { doc: sdk.doc, source, version: sdk.version, statusCodes: false };
  } finally {
    if (cleanup) rmSync(cleanup, { recursive: true, force: true });
  }
}

function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json, application/yaml, text/yaml, */*' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

async function download(url: string): Promise<string> {
  return (await fetchOk(url)).text();
}

function parseDocument(text: string, source: string): Node {
  let doc: unknown;
  try {
    doc = /^\s*\{/.test(text) ? JSON.parse(text) : parse(text, { maxAliasCount: -1 });
  } catch (error) {
    throw new Error(`${source}: neither JSON nor YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (!isObject(doc)) throw new Error(`${source}: not an OpenAPI document (no top-level object)`);
  if (typeof doc.swagger === 'string') throw new Error(`${source}: Swagger ${doc.swagger} is not supported; the watch reads OpenAPI 3.x`);
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) throw new Error(`${source}: not an OpenAPI 3.x document`);
  return doc;
}
