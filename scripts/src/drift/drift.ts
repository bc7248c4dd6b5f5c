/**
 * The drift watch for every spec (or the ones asked for): read the vendor's published description
 * named in `x-careapis-upstream`, compare the operations our spec covers (`compare.ts`), rate each
 * difference with the regen classifier (`severity.ts`), and keep intentional departures quiet
 * (`allow.ts`). Nothing here names a vendor: the specs say everything.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Bump } from '../regen/change.js';
import { compareDocuments } from './compare.js';
import { indexOperations, isObject, type Node } from './operations.js';
import { rate, type RatedDifference } from './severity.js';
import { loadUpstream, upstreamConfig, type UpstreamConfig } from './upstream.js';

/** What was compared, per vendor. */
export const FACETS = ['paths and methods', 'parameters (name, location, required)', 'required body fields', 'enum values', 'response status codes'] as const;

/** One vendor's outcome. */
export interface VendorReport {
  vendor: string;
  /** `drift`: something not allow-listed differs; `clean`: nothing does; `no-upstream`: nothing to compare with; `error`: the description could not be read. */
  status: 'drift' | 'clean' | 'no-upstream' | 'error';
  title: string;
  /** Our `info.version`. */
  ours: string;
  upstream: { format: string; source?: string | undefined; version?: string | undefined; reason?: string | undefined; docs?: string | undefined };
  /** Operations of ours, and how many the vendor's description has. */
  operations: { covered: number; found: number };
  /** Facets compared (status codes are left out when the format has none). */
  compared: string[];
  /** Differences not allow-listed, most severe first. */
  drift: ReportItem[];
  /** Differences the spec's allow-list keeps quiet. */
  allowed: ReportItem[];
  /** Things worth knowing that are not drift (a newer SDK version, unexplained allow-list entries, read errors). */
  notes: string[];
}

/** One difference, as reported. */
export interface ReportItem {
  bump: Bump | 'none';
  kind: RatedDifference['kind'];
  operation: string;
  /** "the vendor's document requires request field `npi` (ours: optional)". */
  vendorSays: string;
  /** The classifier's words for the spec edit that would follow the vendor. */
  changes: string[];
  /** For allowed items: the reason written in the spec. */
  reason?: string | undefined;
}

/** Options of {@link runDrift}. */
export interface DriftOptions {
  root: string;
  /** Vendors to check (spec file names without `.yaml`); default every spec. */
  vendors?: string[] | undefined;
  /** `vendor → file, directory or URL` replacing the spec's upstream location. */
  upstreams?: Record<string, string> | undefined;
  /** Progress lines (stderr in the CLI). */
  log?: ((line: string) => void) | undefined;
}

const ORDER: Record<Bump | 'none', number> = { major: 0, minor: 1, patch: 2, none: 3 };

/** Runs the watch. Never throws for one vendor's failure: that vendor's status is `error`. */
export async function runDrift(options: DriftOptions): Promise<VendorReport[]> {
  const specsDir = join(options.root, 'specs');
  const available = (await readdir(specsDir)).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
  const wanted = options.vendors?.length ? options.vendors : available;
  const unknown = wanted.filter((v) => !available.includes(v));
  if (unknown.length) throw new Error(`no spec for ${unknown.join(', ')} (specs: ${available.join(', ')})`);
  for (const name of Object.keys(options.upstreams ?? {})) if (!available.includes(name)) throw new Error(`--upstream ${name}=…: no spec named ${name}`);
  const reports: VendorReport[] = [];
  for (const vendor of wanted) {
    options.log?.(`drift: ${vendor} …`);
    reports.push(await checkVendor(options.root, vendor, options.upstreams?.[vendor]));
  }
  return reports;
}

async function checkVendor(root: string, vendor: string, override: string | undefined): Promise<VendorReport> {
  const file = `specs/${vendor}.yaml`;
  const text = await readFile(join(root, file), 'utf8');
  const doc = parse(text) as Node;
  const info = isObject(doc.info) ? doc.info : {};
  const config = upstreamConfig(doc);
  const ops = indexOperations(doc);
  const base: VendorReport = {
    vendor,
    status: 'no-upstream',
    title: String(info.title ?? vendor),
    ours: String(info.version ?? '?'),
    upstream: { format: config?.format ?? 'unset' },
    operations: { covered: ops.size, found: 0 },
    compared: [],
    drift: [],
    allowed: [],
    notes: [],
  };
  if (!config) return { ...base, notes: [`${file} has no \`x-careapis-upstream\` in its \`info\`: nothing to compare with`] };
  if (config.format === 'none') {
    if (override === undefined) return { ...base, upstream: { format: 'none', reason: config.reason, docs: config.docs } };
  }
  // A vendor without a published description can still be compared with a document given on the command line.
  const effective: Exclude<UpstreamConfig, { format: 'none' }> = config.format === 'none' ? { format: 'openapi', url: override ?? '' } : config;
  const prefixes = [...new Set([...ops.values()].map((op) => op.fullPath.replace(/\/?\{.*$/, '')))];
  const upstreamBase = { format: effective.format, docs: effective.docs, source: override ?? (effective.format === 'openapi' ? effective.url : `npm ${effective.package}`) };
  let upstream;
  try {
    upstream = await loadUpstream(effective, { root, override, prefixes });
  } catch (error) {
    return { ...base, status: 'error', upstream: upstreamBase, notes: [`could not read the vendor's description: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const comparison = compareDocuments(doc, upstream.doc, { statusCodes: upstream.statusCodes, scope: effective.scope, ignore: effective.ignore });
  const rated = rate({ vendor, file, text, doc }, comparison.differences);
  const item = (d: RatedDifference): ReportItem => ({ bump: d.bump, kind: d.kind, operation: d.operation, vendorSays: d.vendorSays, changes: d.changes, ...(d.allowed ? { reason: d.allowed.reason } : {}) });
  const sort = (a: ReportItem, b: ReportItem): number => ORDER[a.bump] - ORDER[b.bump] || a.operation.localeCompare(b.operation) || a.vendorSays.localeCompare(b.vendorSays);
  const drift = rated.filter((d) => !d.allowed).map(item).sort(sort);
  const allowed = rated.filter((d) => d.allowed).map(item).sort(sort);
  const notes = [...comparison.allowProblems];
  if (effective.format === 'candidhealth-sdk' && upstream.version !== effective.version) notes.push(`the SDK read is ${effective.package} ${upstream.version}; the spec follows ${effective.version} (\`info.x-careapis-upstream.version\`)`);
  if (!upstream.statusCodes) notes.push('status codes not compared: this format does not state them');
  return {
    ...base,
    status: drift.length ? 'drift' : 'clean',
    upstream: { ...upstreamBase, source: upstream.source, version: upstream.version },
    operations: { covered: comparison.covered, found: comparison.matched },
    compared: FACETS.filter((f) => upstream.statusCodes || f !== 'response status codes'),
    drift,
    allowed,
    notes,
  };
}
