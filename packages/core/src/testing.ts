/**
 * @careapis/core/testing — the runtime of every vendor's test kit (`@careapis/<vendor>/testing`):
 * MSW request handlers that answer each operation as the vendor's spec documents it. A vendor's
 * kit is data its generator read from the spec (routes, examples, request schemas: a
 * {@link MockApi}) plus the vendor's types; {@link mockKit} turns it into handlers that check each
 * request as the vendor would (credentials, parameters, content type, body against the schema)
 * and answer a valid one with the documented success, an invalid one with the vendor's own error
 * status and body, its message saying what is wrong.
 *
 * Users import the vendor's kit, not this entry. It needs `msw` 2 (an optional peer dependency);
 * its JSON Schema validator is bundled in. A separate entry point: the main entry
 * `@careapis/core` imports nothing of it, so a client's bundle never carries it.
 */
import { http as mswHttp, type HttpHandler } from 'msw';
import { freeze, reply, type AnyAnswer } from './testing/answer.js';
import type { MockAnswer, MockApi, MockRoute } from './testing/data.js';
import { checkRequest, pathNames } from './testing/request.js';
import { schemaChecker } from './testing/validate.js';

export type { Json, Kind, MockAnswer, MockApi, MockMedia, MockMethod, MockParam, MockRoute } from './testing/data.js';

/** The responses an openapi-typescript operation documents, by status. */
type Responses<Operation> = Operation extends { responses: infer R } ? R : never;
/** The body of one response: its content, or `undefined` when it has none. */
type BodyOf<R> = R extends { content: infer C } ? C[keyof C] : undefined;
/** One answer: a status (a number for `4XX`, `5XX` and `default`), a body of that status's type, extra headers. */
type Answer<S, B> = { status: S extends number ? S : number; headers?: Record<string, string> } & ([B] extends [undefined] ? { body?: undefined } : { body: B });

/** An answer to one operation (an openapi-typescript operation type), typed by its spec: one of its documented statuses with a body of that status's type (`body` may be left out only where the status has no body). */
export type KitResponse<Operation> = { [S in keyof Responses<Operation>]: Answer<S, BodyOf<Responses<Operation>[S]>> }[keyof Responses<Operation>];

/** Where and how the handlers answer. */
export interface KitOptions<Env extends string = string> {
  /** The base URL to answer at, as given to the client's `baseUrl` (e.g. `"http://localhost:4010"`). Default: the default environment's, or any origin for an API without one. */
  baseUrl?: string;
  /** A named environment to answer at, instead of `baseUrl`. */
  environment?: Env;
  /** Check every request as the vendor would (credentials, parameters, content type, body against the spec) and answer one it would reject with its error status and body. Default `true`. */
  validate?: boolean;
}

/** Options of an override. */
export interface KitOverrideOptions<Env extends string = string> extends KitOptions<Env> {
  /** Answer only the first matching request, then fall back to the handlers behind it. */
  once?: boolean;
}

/** A vendor's test kit, typed by its operations (client method name → openapi-typescript operation) and environment names. */
export interface MockKit<Operations, Env extends string = string> {
  /** Handlers for every operation, at the base URL the options ask for. */
  createHandlers(options?: KitOptions<Env>): HttpHandler[];
  /** One operation answered your way; requests are still checked as the vendor would (unless `validate: false`). */
  override<N extends keyof Operations & string>(operation: N, response: KitResponse<Operations[N]>, options?: KitOverrideOptions<Env>): HttpHandler;
  /** What the default handlers answer to a valid request, by operation. Frozen. */
  examples: Readonly<Record<keyof Operations & string, MockAnswer>>;
  /** Where the default handlers answer. */
  defaultBaseUrl: string;
}

/** Whether a request path (its last segments) fits a path template. */
function fits(template: string, pathname: string): boolean {
  const want = template.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean).slice(-want.length);
  return got.length === want.length && want.every((segment, i) => /^\{[^}]+\}$/.test(segment) || segment === decodeURIComponent(got[i] ?? ''));
}

/** The test kit of one vendor, from the data its generator embedded. */
export function mockKit<Operations, Env extends string = string>(api: MockApi<keyof Operations & string, Env>): MockKit<Operations, Env> {
  // The answers are handed out as `examples`: frozen copies, so that no test changes what later requests get
  // (and the schemas, which the validator annotates, stay apart from them).
  const routes: MockRoute[] = api.routes.map((route) => ({ ...route, answer: freeze(structuredClone(route.answer)) }));
  const check = schemaChecker(api.defs);

  /** The base URL options ask for, without a trailing slash. */
  const baseOf = (options: KitOptions<Env>): string => {
    const url = options.baseUrl ?? (options.environment !== undefined ? api.environments[options.environment] : undefined) ?? api.defaultBaseUrl;
    return url.replace(/\/+$/, '');
  };

  /** An MSW handler for one route: checks the request (unless told not to), then answers with `respond`. */
  const handler = (route: MockRoute, options: KitOptions<Env>, respond: () => Response, once = false): HttpHandler => {
    const names = pathNames(route.path);
    const escaped = route.path.replace(/[:*?()+]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => `:p${names.indexOf(name)}`);
    // Routes with a literal segment where this one has a parameter (`/a/facility` for `/a/{id}`) answer their own requests.
    const shadows = routes.filter((other) => other !== route && other.method === route.method && pathNames(other.path).length < names.length && fits(route.path, other.path));
    return mswHttp[route.method](
      `${baseOf(options)}${escaped}`,
      async ({ request, params }) => {
        const pathname = new URL(request.url).pathname;
        if (shadows.some((other) => fits(other.path, pathname))) return undefined;
        if (options.validate !== false) {
          const rejected = await checkRequest(route, request, params, api.auth, check);
          if (rejected) return rejected;
        }
        return respond();
      },
      { once },
    );
  };

  return {
    createHandlers: (options = {}) => routes.map((route) => handler(route, options, () => reply(route.answer))),
    override: (operation, response, options = {}) => {
      const route = routes.find((r) => r.name === operation);
      if (!route) throw new Error(`${api.package}/testing: no operation named ${String(operation)}`);
      return handler(route, options, () => reply(response as AnyAnswer), options.once === true);
    },
    examples: Object.fromEntries(routes.map((route) => [route.name, route.answer])) as Record<keyof Operations & string, MockAnswer>,
    defaultBaseUrl: api.defaultBaseUrl,
  };
}
