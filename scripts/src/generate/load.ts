/**
 * Loading one spec: YAML with line positions, structural validation by Redocly with the repo's
 * `redocly.yaml` rules (invalid OpenAPI, dangling $ref, missing or duplicate operationId…).
 * Every problem names the file, the line and the JSON pointer.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { BaseResolver, lintDocument, loadConfig, Source, type Config } from '@redocly/openapi-core';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document as YamlDocument, type Node as YamlNode } from 'yaml';
import { isRef, valueAt } from './pointer.js';
import { pointerSegments, type Problem } from './problems.js';
import type { OpenApiDocument } from './spec-types.js';

/** A parsed spec with a way back from JSON pointers to lines. */
export interface LoadedSpec {
  /** Path relative to the repo root, as shown in messages. */
  file: string;
  /** Vendor name: the file name without `.yaml`. */
  vendor: string;
  /** The raw text, as read. */
  text: string;
  /** The parsed document. */
  doc: OpenApiDocument;
  /** 1-based line of the value at a JSON pointer (or of its nearest parent). */
  lineOf(pointer: string): number | undefined;
}

/** Result of loading: the spec, or the problems that stop it. */
export type LoadResult = { ok: true; spec: LoadedSpec } | { ok: false; problems: Problem[] };

/** Loads the Redocly config once per run. */
export function loadLintConfig(configPath: string): Promise<Config> {
  return loadConfig({ configPath });
}

/** Reads, parses and validates one spec file. */
export async function loadSpec(path: string, rootDir: string, config: Config): Promise<LoadResult> {
  const file = isAbsolute(path) ? path.slice(rootDir.length + 1) : path;
  const vendor = (file.split('/').pop() ?? file).replace(/\.ya?ml$/, '');
  let text: string;
  try {
    text = await readFile(resolve(rootDir, file), 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file, message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }] };
  }
  if (!/^[a-z][a-z0-9-]*$/.test(vendor)) {
    return { ok: false, problems: [{ file, message: `the file name must be a package name (lower-case letters, digits, dashes), got "${vendor}"` }] };
  }

  // JSON text (e.g. a large description converted from elsewhere) takes a fast path: JSON.parse is many times faster
  // than the YAML parser and keeps no syntax tree in memory. Line positions are then parsed only if a problem needs one.
  const json = /^\s*\{/.test(text) ? parseJson(text) : undefined;
  const lineCounter = new LineCounter();
  let yamlDoc: YamlDocument | undefined;
  const positions = (): YamlDocument => (yamlDoc ??= parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true }));
  if (json === undefined && positions().errors.length) {
    return {
      ok: false,
      problems: positions().errors.map((e) => ({ file, line: e.linePos?.[0].line, message: `YAML syntax error: ${e.message.split('\n')[0]}` })),
    };
  }
  const doc = (json ?? positions().toJS({ maxAliasCount: 100 })) as OpenApiDocument;
  const lineOf = (pointer: string): number | undefined => {
    let node: unknown = positions().contents;
    let line: number | undefined = lineAt(node, lineCounter);
    for (const segment of pointerSegments(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        line = lineAt(pair.key, lineCounter) ?? line;
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.get(Number(segment), true);
        line = lineAt(node, lineCounter) ?? line;
      } else break;
    }
    return line;
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, problems: [{ file, line: 1, message: 'the document is not a YAML mapping' }] };
  }
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\./.test(doc.openapi)) {
    return { ok: false, problems: [{ file, line: lineOf('/openapi') ?? 1, pointer: '/openapi', message: `expected \`openapi: 3.1.x\` (or 3.0.x), got ${JSON.stringify(doc.openapi ?? null)}` }] };
  }

  const source = new Source(resolve(rootDir, file), text, 'application/yaml');
  const lintProblems = await lintDocument({
    document: { source, parsed: doc },
    config: config.styleguide,
    externalRefResolver: new BaseResolver(config.resolve),
  });
  const problems: Problem[] = lintProblems
    .filter((p) => p.severity === 'error')
    .map((p) => {
      const pointer = p.location[0]?.pointer?.replace(/^#/, '');
      const ref = pointer !== undefined ? refAt(doc, pointer) : undefined;
      return { file, pointer, line: pointer !== undefined ? lineOf(pointer) : undefined, message: `${p.message}${ref ? ` ${ref}` : ''} [${p.ruleId}]` };
    });
  if (problems.length) return { ok: false, problems };
  return { ok: true, spec: { file, vendor, text, doc, lineOf } };
}

/** The `$ref` string at a pointer, for messages about references. */
function refAt(doc: unknown, pointer: string): string | undefined {
  const node = valueAt(doc, pointer);
  return isRef(node) ? node.$ref : undefined;
}

/** The value of JSON text, or undefined when it is not valid JSON (the YAML parser then reports where). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function lineAt(node: unknown, counter: LineCounter): number | undefined {
  if ((isMap(node) || isSeq(node) || isScalar(node)) && (node as YamlNode).range) {
    return counter.linePos((node as YamlNode).range![0]).line;
  }
  return undefined;
}
