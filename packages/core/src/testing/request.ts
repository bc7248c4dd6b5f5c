/**
 * Checking a request as the vendor would: credentials, then its path, query and header parameters,
 * then its body (content type, JSON or form fields against the spec's schema).
 */
import { rejection, rejectionFor } from './answer.js';
import type { Kind, MockApi, MockRoute } from './data.js';
import type { Problem, SchemaCheck } from './validate.js';

/** Path parameters as MSW gives them: the template's `{name}`s renamed `p0`, `p1`… in order. */
export type PathParams = Record<string, string | readonly string[] | undefined>;

/** A parameter's or form field's text as the type its schema gives (left as text when it is not one). */
function read(text: string, kind: Kind | undefined): unknown {
  if ((kind === 'integer' || kind === 'number') && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The names of a path template's parameters, in order. */
export const pathNames = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');

/** What is wrong with a request's parameters. */
function paramProblems(route: MockRoute, request: Request, params: PathParams, check: SchemaCheck): Problem[] {
  const url = new URL(request.url);
  const names = pathNames(route.path);
  const out: Problem[] = [];
  for (const param of route.params) {
    const where = `${param.in} parameter "${param.name}"`;
    let value: unknown;
    if (param.in === 'path') {
      const raw = params[`p${names.indexOf(param.name)}`];
      value = typeof raw === 'string' ? read(raw, param.kind) : undefined;
    } else if (param.in === 'query') {
      if (param.kind === 'array') {
        const all = url.searchParams.getAll(param.name);
        value = all.length ? all.map((v) => read(v, param.items)) : undefined;
      } else if (param.kind === 'object') {
        // A deepObject: `name[key]=value` pairs.
        const entries = [...url.searchParams].flatMap(([k, v]) => {
          const key = k.startsWith(`${param.name}[`) && k.endsWith(']') ? k.slice(param.name.length + 1, -1) : undefined;
          return key === undefined ? [] : [[key, v] as const];
        });
        value = entries.length ? Object.fromEntries(entries) : undefined;
      } else {
        const raw = url.searchParams.get(param.name);
        value = raw === null ? undefined : read(raw, param.kind);
      }
    } else {
      const raw = request.headers.get(param.name);
      value = raw === null ? undefined : param.kind === 'array' ? raw.split(',').map((v) => read(v.trim(), param.items)) : read(raw, param.kind);
    }
    if (value === undefined) {
      if (param.required) out.push({ field: param.name, text: `${where}: missing` });
      continue;
    }
    out.push(...check(param.schema, value, where, param.name));
  }
  return out;
}

/** What is wrong with a request's body: `unsupported` when its content type is not one the operation takes. */
async function bodyProblems(route: MockRoute, request: Request, check: SchemaCheck): Promise<{ unsupported: boolean; problems: Problem[] }> {
  const spec = route.body;
  const none = { unsupported: false, problems: [] };
  if (!spec) return none;
  const text = await request.clone().text();
  const contentType = request.headers.get('content-type') ?? '';
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (text === '') return spec.required ? { unsupported: false, problems: [{ text: 'request body: missing' }] } : none;
  const accepted = Object.keys(spec.media);
  const type = accepted.find((m) => m.toLowerCase() === media);
  if (type === undefined) {
    return { unsupported: true, problems: [{ text: `content type ${JSON.stringify(media || '(none)')} is not accepted; send ${accepted.join(' or ')}` }] };
  }
  const rules = spec.media[type] ?? {};
  if (type.startsWith('multipart/form-data')) {
    const form = await request
      .clone()
      .formData()
      .catch(() => undefined);
    if (!form) return { unsupported: false, problems: [{ text: 'request body: not readable as multipart/form-data' }] };
    return { unsupported: false, problems: (rules.required ?? []).filter((key) => !form.has(key)).map((key) => ({ field: key, text: `request body: missing required field "${key}"` })) };
  }
  if (!rules.schema) return none;
  let value: unknown;
  if (type === 'application/x-www-form-urlencoded') {
    const fields: Record<string, unknown> = {};
    for (const [key, raw] of new URLSearchParams(text)) {
      const kind = rules.kinds?.[key];
      const item = read(raw, kind === 'array' ? 'string' : kind);
      const known = fields[key];
      fields[key] = kind === 'array' ? [...(Array.isArray(known) ? known : []), item] : item;
    }
    value = fields;
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return { unsupported: false, problems: [{ text: 'request body: not valid JSON' }] };
    }
  }
  return { unsupported: false, problems: check(rules.schema, value, 'request body') };
}

/** The vendor's answer to a request it would reject, or undefined when the request is valid. */
export async function checkRequest(route: MockRoute, request: Request, params: PathParams, auth: MockApi['auth'], check: SchemaCheck): Promise<Response | undefined> {
  if (route.auth && auth) {
    const value = request.headers.get(auth.header) ?? '';
    const present = auth.bearer ? /^bearer\s+\S/i.test(value) : value.trim() !== '';
    if (!present) return rejection(route.unauthorized ?? { status: 401 }, `Missing credentials: send the ${auth.bearer ? 'bearer token' : 'API key'} in the ${auth.header} header.`);
  }
  const wrongParams = paramProblems(route, request, params, check);
  if (wrongParams.length) return rejectionFor(route.invalid, wrongParams);
  const body = await bodyProblems(route, request, check);
  if (body.problems.length) return rejectionFor(body.unsupported ? route.unsupported : route.invalid, body.problems);
  return undefined;
}
