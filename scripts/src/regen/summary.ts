/** A Markdown summary of a regen run: the body of the pull request CI opens. */
import { formatChange } from './change.js';
import type { RegenReport } from './regen.js';

/** Renders the report for people: one section per package, then the build and test results. */
export function renderSummary(report: RegenReport): string {
  const lines = ['Regenerated the clients whose spec changed (`npm run regen`).', ''];
  if (report.packages.length === 0) lines.push('No spec changed.');
  for (const p of report.packages) {
    lines.push(`### ${p.packageName}: ${p.bump ?? 'no release'}`, '', `\`${p.specFile}\` (${p.status}), compared with ${p.base.slice(0, 12)}; ${p.regenerated.length} generated file(s) changed.`, '');
    for (const c of p.changes) lines.push(`- **${c.bump}** ${formatChange(c)}`);
    for (const w of p.warnings) lines.push(`- note: ${w}`);
    lines.push('');
  }
  if (report.affected) lines.push(`Affected packages: ${report.affected.scope.map((s) => `\`${s}\``).join(', ')}.`);
  if (report.build) lines.push(`Build and typecheck: ${report.build.ok ? 'passed' : '**failed**'}.`);
  if (report.test) lines.push(`Tests (${report.test.filters.join(', ')}): ${report.test.ok ? 'passed' : '**failed**'}.`);
  return `${lines.join('\n').trim()}\n`;
}
