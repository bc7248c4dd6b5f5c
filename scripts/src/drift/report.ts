/**
 * The drift report as people read it: plain text for the terminal, Markdown for the issue the
 * scheduled workflow opens per vendor. `--json` prints the {@link VendorReport}s themselves.
 */
import type { ReportItem, VendorReport } from './drift.js';

const STATUS: Record<VendorReport['status'], string> = {
  drift: 'DRIFT',
  clean: 'no drift',
  'no-upstream': 'no upstream',
  error: 'ERROR',
};

function source(r: VendorReport): string {
  if (r.upstream.format === 'none') return `no upstream: ${r.upstream.reason ?? 'the vendor publishes no machine-readable description'}`;
  if (r.upstream.format === 'unset') return 'no upstream configured';
  return `${r.upstream.format} ${r.upstream.source ?? ''}${r.upstream.version ? ` (vendor version ${r.upstream.version})` : ''}`;
}

function line(item: ReportItem): string {
  return `${item.operation}: the vendor ${item.vendorSays}`;
}

/** The report for a terminal. */
export function renderText(reports: VendorReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.vendor} — ${STATUS[r.status]} — ${r.title} ${r.ours} vs ${source(r)}`);
    if (r.status === 'drift' || r.status === 'clean') out.push(`  ${r.operations.found} of ${r.operations.covered} operations found upstream; compared: ${r.compared.join(', ')}`);
    for (const item of r.drift) {
      out.push(`  ${item.bump.padEnd(5)}  ${line(item)}`);
      for (const change of item.changes) out.push(`         → ${change}`);
    }
    for (const item of r.allowed) out.push(`  allowed  ${line(item)} — ${item.reason ?? ''}`);
    for (const note of r.notes) out.push(`  note: ${note}`);
    out.push('');
  }
  const drifted = reports.filter((r) => r.status === 'drift').map((r) => r.vendor);
  const failed = reports.filter((r) => r.status === 'error').map((r) => r.vendor);
  out.push(drifted.length ? `Drift in ${drifted.join(', ')}.` : 'No drift.');
  if (failed.length) out.push(`Could not read the vendor's description for ${failed.join(', ')}.`);
  return `${out.join('\n')}\n`;
}

/** One vendor's report as the body of an issue. */
export function renderMarkdown(r: VendorReport): string {
  const out = [
    `## ${r.title}: drift from the vendor's own description`,
    '',
    `- Our spec: \`specs/${r.vendor}.yaml\` (${r.ours})`,
    `- The vendor's description: ${source(r)}${r.upstream.docs ? ` — docs: ${r.upstream.docs}` : ''}`,
    `- ${r.operations.found} of our ${r.operations.covered} operations found there; compared: ${r.compared.join(', ')}`,
    '',
  ];
  if (r.drift.length) {
    out.push('| severity | operation | the vendor | what following it would change (regen classifier) |', '| --- | --- | --- | --- |');
    for (const item of r.drift) out.push(`| ${item.bump} | \`${item.operation}\` | ${escape(item.vendorSays)} | ${escape(item.changes.join('; ')) || '—'} |`);
    out.push('');
  } else out.push('No drift.', '');
  if (r.allowed.length) {
    out.push('<details><summary>Allowed by the spec (x-careapis-drift-allow)</summary>', '');
    for (const item of r.allowed) out.push(`- \`${item.operation}\`: the vendor ${escape(item.vendorSays)} — ${escape(item.reason ?? '')}`);
    out.push('', '</details>', '');
  }
  for (const note of r.notes) out.push(`> ${escape(note)}`);
  out.push('', 'Fix: edit the spec (or add an `x-careapis-drift-allow` entry, with a description saying why the spec departs on purpose), then `npm run regen`. Written by `npm run drift` (scripts/src/drift).');
  return `${out.join('\n').trimEnd()}\n`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
