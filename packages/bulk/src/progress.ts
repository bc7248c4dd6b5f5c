/** A one-line text rendering of a run's progress, for a terminal progress bar. */
import type { BulkProgress } from './run.js';

/**
 * `[#########-----------]  45% 450/1000  ok 420 · vendor error 22 · gave up 3 · skipped 5 · 18.9/s · 3 in flight`:
 * a bar `width` characters wide (when the total is known) and the counts that are not zero.
 */
export function progressLine(p: BulkProgress, width = 30): string {
  const parts: string[] = [];
  if (p.total !== undefined && p.total > 0) {
    const filled = Math.min(width, Math.round((p.done / p.total) * width));
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor((p.done / p.total) * 100)).padStart(3)}% ${p.done}/${p.total}`);
  } else parts.push(`${p.done} done`);
  const counts: [number, string][] = [
    [p.ok, 'ok'],
    [p.vendorError, 'vendor error'],
    [p.gaveUp, 'gave up'],
    [p.failed, 'failed'],
    [p.skipped, 'skipped'],
    [p.uncertain, 'uncertain'],
  ];
  const shown = counts.filter(([n]) => n > 0).map(([n, label]) => `${label} ${n}`);
  if (shown.length) parts.push(shown.join(' · '));
  parts.push(`${p.perSecond.toFixed(1)}/s`, `${p.inFlight} in flight`);
  return parts.join('  ');
}
