/**
 * Candid publishes no OpenAPI document; it publishes its Fern-generated SDK, the npm package
 * `candidhealth`, with every API change. This module reads that package and writes the OpenAPI
 * operations it implies, so the drift watch compares Candid like any other vendor.
 *
 * What is read, and from where (no SDK code is run, nothing is type-checked):
 * - **Operations**: each `api/resources/**∕client/Client.js` (parsed as JavaScript): every
 *   `core.fetcher({ url, method, body, queryParameters })` call gives the HTTP method, the path
 *   (second argument of `core.url.join`, a template whose `${…}` holes become `{param}`), the
 *   serializer of the request body (`serializers.….X.jsonOrThrow`), the query parameters (keys of
 *   the `_queryParams` object, their serializer when they have one) and the serializer that parses
 *   the success body (`serializers.….Y.parseOrThrow` under `if (_response.ok)`).
 * - **Wire types**: the serializer declarations `serialization/**∕X.d.ts`, whose
 *   `namespace X { interface Raw … }` is the JSON on the wire (snake_case names, `?` for optional,
 *   string-literal unions for enums, discriminated unions as interfaces with a literal `type`).
 *   References are followed through `import`s and `export * (as ns) from` re-exports.
 * - **Query parameter required-ness**: the request interface named in the method's JSDoc
 *   (`@param {CandidApi.….GetMultiContractsRequest} request`), `api/**∕requests/*.d.ts`, mapped
 *   from its camelCase names to the wire names through the `_queryParams` object.
 * - **Not available**: HTTP status codes. The SDK tells errors apart by an `errorName` in the
 *   body, not by status, so status codes are not compared for Candid (the report says so).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { Node } from './operations.js';

/** The operations of the package as an OpenAPI 3.1 document. */
export interface SdkDescription {
  doc: Node;
  /** The package's version. */
  version: string;
  /** Client files read (only those naming a path in scope). */
  clients: number;
}

/** JSON Schema as produced here. */
type Schema = Node;

/** Reads a `candidhealth` package directory. `prefixes` are the static path prefixes to read (e.g. `/api/contracts/v2`). */
export function readCandidSdk(dir: string, prefixes: readonly string[]): SdkDescription {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  if (!existsSync(join(dir, 'api')) || !existsSync(join(dir, 'serialization'))) throw new Error(`${dir} does not look like the candidhealth package (no api/ and serialization/ folders)`);
  const dts = new DtsIndex(dir);
  const paths: Record<string, Node> = {};
  let clients = 0;
  for (const file of findFiles(join(dir, 'api'), 'Client.js')) {
    const text = readFileSync(file, 'utf8');
    if (!prefixes.some((p) => text.includes(p))) continue;
    clients++;
    const group = relative(join(dir, 'api', 'resources'), dirname(dirname(file)))
      .split(/[\\/]/)
      .filter((s) => s !== 'resources')
      .join('.');
    for (const call of readClient(text)) {
      const operation: Node = { operationId: `${group}.${call.method}`, responses: {} };
      const parameters: Node[] = call.pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
      const request = call.requestType ? dts.lookup(join(dir, 'api', 'index.d.ts'), call.requestType.split('.').slice(1)) : undefined;
      const requestProps = request ? dts.members(request) : new Map<string, Member>();
      for (const q of call.query) {
        const known = q.camel ? requestProps.get(q.camel) : undefined;
        const schema = q.serializer ? dts.rawSchema(dir, q.serializer) : { type: 'string' };
        // Fern's "allow-multiple" parameters are typed `X | X[]` and sent as repeated keys: an array in OpenAPI.
        parameters.push({ name: q.wire, in: 'query', required: known ? !known.optional : false, schema: known?.repeatable ? { type: 'array', items: schema } : schema });
      }
      if (parameters.length) operation.parameters = parameters;
      if (call.body) operation.requestBody = { required: true, content: { 'application/json': { schema: dts.rawSchema(dir, call.body) } } };
      operation.responses = { '2XX': { description: 'success', ...(call.response ? { content: { 'application/json': { schema: dts.rawSchema(dir, call.response) } } } : {}) } };
      const item = (paths[call.path] ??= {});
      item[call.httpMethod.toLowerCase()] = operation;
    }
  }
  const doc: Node = { openapi: '3.1.0', info: { title: `${pkg.name ?? 'candidhealth'} (read from the SDK)`, version: pkg.version ?? '?' }, servers: [{ url: '/' }], paths };
  return { doc, version: pkg.version ?? '?', clients };
}

/** A property of a request interface. */
interface Member {
  optional: boolean;
  /** Typed `X | X[]`: the parameter may be repeated. */
  repeatable: boolean;
}

function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(path).isDirectory())) out.push(...findFiles(path, name));
    else if (entry.name === name) out.push(path);
  }
  return out.sort();
}

/** One SDK method's HTTP call. */
interface ClientCall {
  method: string;
  httpMethod: string;
  path: string;
  pathParams: string[];
  query: { wire: string; camel: string | undefined; serializer: string | undefined }[];
  /** `auth.default_.AuthGetTokenRequest` (below `serializers.`). */
  body: string | undefined;
  response: string | undefined;
  /** `CandidApi.contracts.v2.GetMultiContractsRequest`, from the JSDoc. */
  requestType: string | undefined;
}

/** The `core.fetcher` calls of a Client.js, one per `__method`. */
function readClient(text: string): ClientCall[] {
  const source = ts.createSourceFile('Client.js', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const jsdoc = new Map<string, string>();
  const calls: ClientCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isMethodDeclaration(node) && ts.isIdentifier(node.name)) {
      const name = node.name.text;
      if (!name.startsWith('__')) {
        const comment = text.slice(node.getFullStart(), node.getStart());
        const match = /@param \{(CandidApi\.[\w.]+)\} request\b/.exec(comment);
        if (match?.[1]) jsdoc.set(name, match[1]);
      } else {
        const call = readMethod(node);
        if (call) calls.push({ ...call, method: name.slice(2), requestType: undefined });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls.map((c) => ({ ...c, requestType: jsdoc.get(c.method) }));
}

function readMethod(method: ts.MethodDeclaration): Omit<ClientCall, 'method' | 'requestType'> | undefined {
  let fetcher: ts.ObjectLiteralExpression | undefined;
  let queryObject: ts.ObjectLiteralExpression | undefined;
  let response: string | undefined;
  // `const { pageToken, limit, … } = request;`: the request's camelCase names read in this method.
  const requestNames = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer?.getText() === 'request') {
      for (const el of node.name.elements) requestNames.add((el.propertyName ?? el.name).getText());
    }
    if (ts.isCallExpression(node) && node.expression.getText() === 'core.fetcher' && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) fetcher ??= node.arguments[0];
    if (ts.isVariableDeclaration(node) && node.name.getText() === '_queryParams' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) queryObject = node.initializer;
    if (ts.isIfStatement(node) && node.expression.getText() === '_response.ok') response ??= serializerIn(node.thenStatement, 'parseOrThrow');
    ts.forEachChild(node, visit);
  };
  visit(method);
  if (!fetcher) return undefined;
  const prop = (name: string): ts.Expression | undefined => {
    for (const p of fetcher!.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
    return undefined;
  };
  const url = prop('url');
  const httpMethod = prop('method');
  if (!url || !httpMethod || !ts.isCallExpression(url) || !ts.isStringLiteral(httpMethod)) return undefined;
  const pathArg = url.arguments[1];
  if (!pathArg) return undefined;
  const { path, params } = readPath(pathArg);
  const bodyExpr = prop('body');
  const query = (queryObject?.properties ?? []).flatMap((p) => {
    if (ts.isShorthandPropertyAssignment(p)) return [{ wire: p.name.text, camel: p.name.text, serializer: undefined }];
    if (!ts.isPropertyAssignment(p)) return [];
    const wire = p.name.getText().replace(/^["']|["']$/g, '');
    const camel = firstIdentifier(p.initializer, requestNames);
    return [{ wire, camel, serializer: serializerIn(p.initializer, 'jsonOrThrow') }];
  });
  return { httpMethod: httpMethod.text, path, pathParams: params, query, body: bodyExpr ? serializerIn(bodyExpr, 'jsonOrThrow') : undefined, response };
}

/** `"/api/x"` or `` `/api/x/${core.url.encodePathParam(serializers.X.jsonOrThrow(contract_id))}` `` → `/api/x/{contract_id}`. */
function readPath(node: ts.Expression): { path: string; params: string[] } {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { path: node.text, params: [] };
  if (!ts.isTemplateExpression(node)) return { path: node.getText(), params: [] };
  let path = node.head.text;
  const params: string[] = [];
  for (const span of node.templateSpans) {
    const name = innermostArgument(span.expression) ?? `param${params.length + 1}`;
    params.push(name);
    path += `{${name}}${span.literal.text}`;
  }
  return { path, params };
}

/** The identifier passed into the innermost call: `f(g(x))` → `x`. */
function innermostArgument(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isCallExpression(node) && node.arguments[0]) return innermostArgument(node.arguments[0]);
  return undefined;
}

/** The first of `names` read in an expression (`Array.isArray(states) ? … : undefined` → `states`). */
function firstIdentifier(node: ts.Node, names: ReadonlySet<string>): string | undefined {
  if (ts.isIdentifier(node) && names.has(node.text)) return node.text;
  let found: string | undefined;
  ts.forEachChild(node, (child) => {
    found ??= firstIdentifier(child, names);
  });
  return found;
}

/** `serializers.a.b.X.<verb>(…)` anywhere below `node` → `a.b.X`. */
function serializerIn(node: ts.Node, verb: 'jsonOrThrow' | 'parseOrThrow'): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === verb) {
      const target = n.expression.expression.getText();
      if (target.startsWith('serializers.')) {
        found = target.slice('serializers.'.length);
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** A declaration found in a `.d.ts` file. */
interface Decl {
  file: string;
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ModuleDeclaration;
}

/** Syntax-only lookups in the package's declaration files: parse on demand, follow imports and re-exports. */
class DtsIndex {
  private readonly files = new Map<string, ts.SourceFile>();

  constructor(private readonly root: string) {}

  /** The JSON Schema of `serializers.<path>.Raw`. */
  rawSchema(dir: string, serializer: string): Schema {
    const decl = this.lookup(join(dir, 'serialization', 'index.d.ts'), [...serializer.split('.'), 'Raw']);
    return decl ? this.convertDecl(decl, []) : {};
  }

  /** Property names of an interface (camelCase side): optional, repeatable. */
  members(decl: Decl): Map<string, Member> {
    const out = new Map<string, Member>();
    if (!ts.isInterfaceDeclaration(decl.node)) return out;
    for (const m of decl.node.members) {
      if (!ts.isPropertySignature(m)) continue;
      const repeatable = m.type !== undefined && ts.isUnionTypeNode(m.type) && m.type.types.some((t) => ts.isArrayTypeNode(t));
      out.set(propertyName(m.name), { optional: m.questionToken !== undefined, repeatable });
    }
    return out;
  }

  private source(file: string): ts.SourceFile | undefined {
    let sf = this.files.get(file);
    if (!sf) {
      if (!existsSync(file)) return undefined;
      sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      this.files.set(file, sf);
    }
    return sf;
  }

  private module(from: string, spec: string): string | undefined {
    if (!spec.startsWith('.')) return undefined;
    const base = resolve(dirname(from), spec);
    for (const candidate of [`${base}.d.ts`, join(base, 'index.d.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    return undefined;
  }

  /** Finds `names` (a qualified name) exported from `file`. */
  lookup(file: string, names: string[], depth = 0): Decl | undefined {
    const sf = this.source(file);
    if (!sf || depth > 40 || names.length === 0) return undefined;
    return this.lookupIn(file, sf.statements, names, depth);
  }

  private lookupIn(file: string, statements: readonly ts.Statement[], names: string[], depth: number): Decl | undefined {
    const [first, ...rest] = names;
    for (const st of statements) {
      if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === first && rest.length === 0) return { file, node: st };
      if (ts.isModuleDeclaration(st) && st.name.text === first) {
        if (rest.length === 0) return { file, node: st };
        if (st.body && ts.isModuleBlock(st.body)) {
          const found = this.lookupIn(file, st.body.statements, rest, depth + 1);
          if (found) return found;
        }
      }
    }
    const stars: string[] = [];
    for (const st of statements) {
      if (!ts.isExportDeclaration(st) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      const target = this.module(file, st.moduleSpecifier.text);
      if (!target) continue;
      const clause = st.exportClause;
      if (!clause) stars.push(target);
      else if (ts.isNamespaceExport(clause) && clause.name.text === first) return this.lookup(target, rest, depth + 1);
      else if (ts.isNamedExports(clause)) {
        for (const el of clause.elements) if (el.name.text === first) return this.lookup(target, [el.propertyName?.text ?? el.name.text, ...rest], depth + 1);
      }
    }
    for (const target of stars) {
      const found = this.lookup(target, names, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** Resolves a type reference written in `decl`'s file (`Date_.Raw`, `serializers.x.Y.Raw`, `Regions.States`). */
  private reference(context: Decl, names: string[]): Decl | undefined {
    const sf = this.source(context.file);
    if (!sf) return undefined;
    // Siblings inside the enclosing namespace, then the file's own declarations.
    for (let parent: ts.Node | undefined = context.node.parent; parent; parent = parent.parent) {
      if (ts.isModuleBlock(parent)) {
        const found = this.lookupIn(context.file, parent.statements, names, 0);
        if (found) return found;
      }
    }
    const own = this.lookupIn(context.file, sf.statements.filter((s) => !ts.isExportDeclaration(s)), names, 0);
    if (own) return own;
    const [first, ...rest] = names;
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause?.namedBindings) continue;
      const target = this.module(context.file, st.moduleSpecifier.text);
      if (!target) continue;
      const bindings = st.importClause.namedBindings;
      if (ts.isNamespaceImport(bindings) && bindings.name.text === first) return this.lookup(target, rest);
      if (ts.isNamedImports(bindings)) for (const el of bindings.elements) if (el.name.text === first) return this.lookup(target, [el.propertyName?.text ?? el.name.text, ...rest]);
    }
    return undefined;
  }

  private convertDecl(decl: Decl, stack: string[]): Schema {
    const key = `${relative(this.root, decl.file)}#${decl.node.name.getText()}@${decl.node.pos}`;
    if (stack.includes(key) || stack.length > 30) return {};
    const next = [...stack, key];
    if (ts.isTypeAliasDeclaration(decl.node)) return this.convert(decl.node.type, decl, next);
    if (ts.isInterfaceDeclaration(decl.node)) {
      const parts: Schema[] = [];
      for (const clause of decl.node.heritageClauses ?? []) {
        for (const t of clause.types) {
          const base = this.reference(decl, entityNames(t.expression));
          if (base) parts.push(this.convertDecl(base, next));
        }
      }
      parts.push(this.members2schema(decl.node.members, decl, next));
      return mergeObjects(parts);
    }
    // A namespace referenced as a type: its `Raw`.
    const raw = this.lookupIn(decl.file, decl.node.body && ts.isModuleBlock(decl.node.body) ? decl.node.body.statements : [], ['Raw'], 0);
    return raw ? this.convertDecl(raw, next) : {};
  }

  private members2schema(members: ts.NodeArray<ts.TypeElement>, context: Decl, stack: string[]): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = propertyName(m.name);
      properties[name] = this.convert(m.type, context, stack);
      if (!m.questionToken) required.push(name);
    }
    return { type: 'object', properties, ...(required.length ? { required } : {}) };
  }

  private convert(type: ts.TypeNode, context: Decl, stack: string[]): Schema {
    if (ts.isParenthesizedTypeNode(type)) return this.convert(type.type, context, stack);
    if (ts.isArrayTypeNode(type)) return { type: 'array', items: this.convert(type.elementType, context, stack) };
    if (ts.isTypeLiteralNode(type)) return this.members2schema(type.members, context, stack);
    if (ts.isIntersectionTypeNode(type)) return mergeObjects(type.types.map((t) => this.convert(t, context, stack)));
    if (ts.isLiteralTypeNode(type)) {
      const lit = type.literal;
      if (ts.isStringLiteral(lit)) return { type: 'string', const: lit.text };
      if (ts.isNumericLiteral(lit)) return { type: 'number', const: Number(lit.text) };
      if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) return { type: 'boolean', const: lit.kind === ts.SyntaxKind.TrueKeyword };
      return {};
    }
    if (ts.isUnionTypeNode(type)) {
      const kept = type.types.filter((t) => !(t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword)));
      if (kept.length === 1) return this.convert(kept[0]!, context, stack);
      const converted = kept.map((t) => this.convert(t, context, stack));
      if (converted.every((s) => s.type === 'string' && s.const !== undefined)) return { type: 'string', enum: converted.map((s) => s.const) };
      return { oneOf: converted };
    }
    if (ts.isTypeReferenceNode(type)) {
      const names = entityNames(type.typeName);
      const args = type.typeArguments ?? [];
      if (names.length === 1 && (names[0] === 'Record' || names[0] === 'Partial') && args.length) {
        return names[0] === 'Record' ? { type: 'object', additionalProperties: this.convert(args[1] ?? args[0]!, context, stack) } : this.convert(args[0]!, context, stack);
      }
      if (names.length === 1 && (names[0] === 'Array' || names[0] === 'Set') && args[0]) return { type: 'array', items: this.convert(args[0], context, stack) };
      const decl = this.reference(context, names);
      return decl ? this.convertDecl(decl, stack) : {};
    }
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      default:
        return {};
    }
  }
}

function entityNames(node: ts.Node): string[] {
  if (ts.isIdentifier(node)) return [node.text];
  if (ts.isQualifiedName(node)) return [...entityNames(node.left), node.right.text];
  if (ts.isPropertyAccessExpression(node)) return [...entityNames(node.expression), node.name.text];
  return [node.getText()];
}

function propertyName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : name.getText();
}

/** `extends` and `&`: one object with every property; required is the union. */
function mergeObjects(parts: Schema[]): Schema {
  const objects = parts.filter((p) => p.type === 'object' || p.properties !== undefined);
  if (objects.length !== parts.length) return parts.length === 1 ? parts[0]! : { allOf: parts };
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  for (const p of objects) {
    Object.assign(properties, p.properties as Record<string, unknown> | undefined);
    for (const r of (p.required as string[] | undefined) ?? []) required.add(r);
  }
  return { type: 'object', properties, ...(required.size ? { required: [...required] } : {}) };
}
