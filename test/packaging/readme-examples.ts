/**
 * The ```ts examples of a package README turned into TypeScript files to type-check. A block with
 * an `import` is a setup block: it starts a new file and stays at its top level. Every later block
 * goes into that file in its own async function, so examples can `await` and reuse the setup's
 * client variable without clashing with each other.
 */

/** One ```ts block of a README. */
export interface CodeBlock {
  /** 1-based line of the block's first code line in the README. */
  line: number;
  code: string;
}

/** One file to type-check. */
export interface ExampleFile {
  /** File name, e.g. `readme-stedi-1.mts`. */
  name: string;
  source: string;
  /** How many README blocks it holds. */
  blocks: number;
}

/** Every ```ts / ```typescript block, in order. */
export function tsBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] ?? '')) end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

const indent = (code: string): string => code.replace(/^(?=.)/gm, '  ');

/** The files for one README; `label` names them (`readme-<label>-<n>.mts`) and their comments. */
export function exampleFiles(label: string, markdown: string): ExampleFile[] {
  const files: { parts: string[]; blocks: number }[] = [];
  for (const block of tsBlocks(markdown)) {
    const isSetup = /^import\s/m.test(block.code);
    if (isSetup || files.length === 0) files.push({ parts: isSetup ? [] : ['export {};'], blocks: 0 });
    const file = files[files.length - 1]!;
    const where = `// ${label} README, line ${block.line}`;
    file.parts.push(isSetup ? `${where}\n${block.code}` : `${where}\nexport async function example${file.blocks}(): Promise<void> {\n${indent(block.code)}\n}`);
    file.blocks++;
  }
  return files.map((file, i) => ({ name: `readme-${label}-${i + 1}.mts`, source: `${file.parts.join('\n\n')}\n`, blocks: file.blocks }));
}
