/**
 * Checking a value against one of a vendor's embedded request schemas (JSON Schema 2020-12, with
 * `$ref`s into the vendor's `$defs`), and saying what is wrong in words: the place and the rule
 * broken, never the value sent (it may be patient data). The validator is @cfworker/json-schema,
 * bundled into this entry's build: a user's install of a client never pulls it in.
 */
import { Validator } from '@cfworker/json-schema';

/** One thing wrong with a request: the field (a parameter name or a body path) and what is wrong. */
export interface Problem {
  field?: string;
  text: string;
}

/** What is wrong with a value against a schema, `where` naming it in the text (`request body`) and `base` its field (`npi`). */
export type SchemaCheck = (schema: object, value: unknown, where: string, base?: string) => Problem[];

/** Keywords whose errors only say that something below them failed. */
const CONTAINERS = new Set(['$ref', 'properties', 'patternProperties', 'items', 'prefixItems', 'allOf', 'dependentSchemas', 'if', 'then', 'else', 'contains', 'additionalItems']);

/** The segments of a JSON pointer or `#`-fragment, unescaped. */
const segments = (pointer: string): string[] =>
  pointer
    .replace(/^#?\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A checker for the schemas of one vendor, whose `$ref`s point into `defs`; validators are made on first use and kept. */
export function schemaChecker(defs: Record<string, object>): SchemaCheck {
  const validators = new Map<object, Validator>();
  const validatorOf = (schema: object): Validator => {
    let validator = validators.get(schema);
    if (!validator) {
      // The validator records what it learns about a schema on the schema objects: they are never frozen.
      validator = new Validator({ ...schema, $defs: defs }, '2020-12', false);
      validators.set(schema, validator);
    }
    return validator;
  };

  /** The value a keyword location points at in a schema, following `$ref`s into `defs`. */
  const constraint = (schema: object, location: string): unknown => {
    let node: unknown = { ...schema, $defs: defs };
    for (const raw of location.replace(/^#\/?/, '').split('/')) {
      if (raw === '') continue;
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      const here = node as Record<string, unknown> | undefined;
      if (key === '$ref' && typeof here?.$ref === 'string') {
        node = segments(here.$ref).reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], { $defs: defs });
      } else node = here?.[key];
    }
    return node;
  };

  /** One validation error in words. */
  const describe = (e: { keyword: string; keywordLocation: string; error: string }, schema: object, at: string): string => {
    const rule = constraint(schema, e.keywordLocation);
    const text = String(rule);
    switch (e.keyword) {
      case 'required':
        return `${at}: ${e.error.replace(/^Instance does not have required property (".*")\.$/, 'missing required property $1')}`;
      case 'type':
        return `${at}: must be of type ${Array.isArray(rule) ? rule.join(' or ') : text}`;
      case 'enum':
        return `${at}: must be one of ${Array.isArray(rule) && rule.length > 6 ? `${JSON.stringify(rule.slice(0, 6)).slice(0, -1)},… (${rule.length} values)]` : JSON.stringify(rule)}`;
      case 'const':
        return `${at}: must be ${JSON.stringify(rule)}`;
      case 'pattern':
        return `${at}: must match the pattern ${text}`;
      case 'format':
        return `${at}: must be a valid ${text}`;
      case 'minLength':
        return `${at}: must be at least ${text} characters long`;
      case 'maxLength':
        return `${at}: must be at most ${text} characters long`;
      case 'minimum':
        return `${at}: must be >= ${text}`;
      case 'maximum':
        return `${at}: must be <= ${text}`;
      case 'exclusiveMinimum':
        return `${at}: must be > ${text}`;
      case 'exclusiveMaximum':
        return `${at}: must be < ${text}`;
      case 'minItems':
        return `${at}: must have at least ${text} items`;
      case 'maxItems':
        return `${at}: must have at most ${text} items`;
      case 'anyOf':
        return `${at}: must match at least one of the shapes the spec allows`;
      case 'oneOf':
        return `${at}: must match exactly one of the shapes the spec allows`;
      case 'additionalProperties':
      case 'unevaluatedProperties':
        return `${at}: ${e.error.replace(/^Property (".*") does not match .*$/, 'property $1 is not allowed')}`;
      case 'dependentRequired':
        return `${at}: ${e.error.replace(/^Instance has/, 'has')}`;
      default:
        return `${at}: breaks the "${e.keyword}" rule of the spec`;
    }
  };

  return (schema, value, where, base) => {
    const result = validatorOf(schema).validate(value);
    if (result.valid) return [];
    // Errors that only say something below them failed go, and so do those inside a failed anyOf/oneOf/not (the branch
    // error says it); an additionalProperties error stays only where extra properties are forbidden outright (`false`).
    let units = result.errors.filter((e) => !CONTAINERS.has(e.keyword) && !(['additionalProperties', 'unevaluatedProperties'].includes(e.keyword) && constraint(schema, e.keywordLocation) !== false));
    const branches = units.filter((e) => ['anyOf', 'oneOf', 'not'].includes(e.keyword)).map((e) => `${e.keywordLocation}/`);
    units = units.filter((e) => !branches.some((b) => e.keywordLocation.startsWith(b)));
    const out = units.map((e) => {
      const pointer = e.instanceLocation.replace(/^#/, '');
      const missing = e.keyword === 'required' ? /"(.*)"/.exec(e.error)?.[1] : undefined;
      const path = [base, ...pointer.split('/'), missing].filter((part) => part !== undefined && part !== '').join('/');
      return { ...(path ? { field: path } : {}), text: describe(e, schema, pointer ? `${where} at ${pointer}` : where) };
    });
    return out.length ? out : [{ ...(base ? { field: base } : {}), text: `${where}: does not match the spec` }];
  };
}
