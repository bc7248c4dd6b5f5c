/** Prints every spec example that does not validate against its schema; exits 1 if any. Usage: tsx scripts/src/bin/check-examples.ts specs/x.yaml */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateExamples } from '../spec/examples.js';

let failed = false;
for (const file of process.argv.slice(2)) {
  const problems = validateExamples(parse(readFileSync(file, 'utf8')));
  for (const p of problems) console.log(`${file}#${p.pointer}: ${p.message}`);
  console.log(`${file}: ${problems.length} invalid example(s)`);
  if (problems.length) failed = true;
}
process.exit(failed ? 1 : 0);
