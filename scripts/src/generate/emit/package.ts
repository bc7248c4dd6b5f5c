/** `package.json`, `tsconfig.json` and `src/index.ts` of a vendor package. */
import type { VendorModel } from '../model/index.js';
import { jsonHeader, tsHeader } from './header.js';
import { operationExports } from './operations.js';
import { typeExports } from './types.js';

/** What the generator keeps from an existing package.json: changesets owns these. */
export interface KeptFields {
  version?: string | undefined;
  coreRange?: string | undefined;
}

/**
 * What the `./testing` entry needs from the user's project: msw 2 (msw 3 needs Node 22.12) and
 * openapi-msw (2.x needs msw 2.10.5). Its runtime comes from `@careapis/core/testing` (core is a
 * dependency already), whose own optional peer is the same msw range.
 */
export const TESTING_PEERS: Record<string, string> = { msw: '^2.10.5', 'openapi-msw': '^2.0.0' };

/**
 * package.json; `version` and the `@careapis/core` range are kept from the existing file.
 * No `repository`, `homepage` or `bugs` field on purpose: careapis has no public repository URL
 * yet, and npm shows these fields as links, so a guessed or placeholder URL would publish a dead
 * or wrong link. Add them here, from one constant, the day the repository is public.
 */
export function emitPackageJson(model: VendorModel, kept: KeptFields, coreVersion: string): string {
  const pkg = {
    '//': jsonHeader(model),
    name: `@careapis/${model.vendor}`,
    version: kept.version ?? '0.1.0',
    description: `Typed, tiny client for ${model.title}, generated from its OpenAPI spec.`,
    license: 'MIT',
    keywords: ['careapis', model.vendor, 'openapi', 'healthcare', 'api-client'],
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20.19' },
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    // For TypeScript's node10 resolution, which reads no `exports`: where `@careapis/<vendor>/testing` has its types.
    typesVersions: { '*': { testing: ['./dist/testing.d.ts'] } },
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      // The test kit (src/testing.ts): the spec's routes, examples and schemas, given to @careapis/core/testing; for tests only.
      './testing': {
        import: { types: './dist/testing.d.ts', default: './dist/testing.js' },
        require: { types: './dist/testing.d.cts', default: './dist/testing.cjs' },
      },
      './package.json': './package.json',
    },
    files: ['dist', 'README.md'],
    scripts: { build: 'careapis-build', typecheck: 'tsc --noEmit -p .' },
    dependencies: { '@careapis/core': kept.coreRange ?? `^${coreVersion}` },
    // Only `./testing` imports these (msw for its types, openapi-msw for `http`); optional, so installing the client alone never pulls them in.
    peerDependencies: TESTING_PEERS,
    peerDependenciesMeta: Object.fromEntries(Object.keys(TESTING_PEERS).map((name) => [name, { optional: true }])),
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** tsconfig.json for type-checking the package. */
export function emitTsconfig(model: VendorModel): string {
  return `${JSON.stringify({ '//': jsonHeader(model), extends: '../../tsconfig.base.json', include: ['src'] }, null, 2)}\n`;
}

/** A list of names as an export clause, one per line once it is long. */
const names = (list: string[]): string => (list.length > 4 ? `\n  ${list.join(',\n  ')},\n` : ` ${list.join(', ')} `);

/** src/index.ts: the clients, the single-operation functions, the named types, and the runtime pieces callers use. */
export function emitIndex(model: VendorModel): string {
  return `${tsHeader(model)}
export * from "./generated/client.js";
export {${names(operationExports(model))}} from "./generated/operations.js";
export type {${names(typeExports(model))}} from "./generated/types.js";
export type { components, operations, paths } from "./generated/schema.js";
import type { components } from "./generated/schema.js";
/** Every named schema of the spec, by name. */
export type Schemas = components["schemas"];
export {
  CareApiAbortError,
  CareApiAuthError,
  CareApiBaseError,
  CareApiConfigError,
  CareApiConnectionError,
  CareApiError,
  CareApiParseError,
  CareApiRequestError,
  CareApiTimeoutError,
  CareApiPromise,
  debugLogger,
  downloadSignedUrl,
  isCareApiBaseError,
  isCareApiError,
  rawClient,
  unwrap,
  uploadToSignedUrl,
} from "@careapis/core";
export type { AttemptLogger, CallOptions, CareApiErrorFor, CareApiErrorKind, Logger, Middleware, Paginator, RawClient, RetryOptions, SignedDownloadOptions, SignedUploadOptions, WithResponse } from "@careapis/core";
`;
}
