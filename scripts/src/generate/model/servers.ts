/**
 * Server Objects (OpenAPI 3.1 §4.8.5, https://spec.openapis.org/oas/v3.1.0#server-object).
 * Reads `servers`: each fixed URL with its `x-careapis-environment` name. Yields the named
 * environments, or, when there are none, the first templated URL (`https://{host}/v1`).
 */
import type { VendorModel } from './index.js';
import type { ModelContext } from './context.js';

/** The spec's servers as named environments, or as a URL template when no server has a fixed URL. */
export function readServers(ctx: ModelContext): Pick<VendorModel, 'environments' | 'serverTemplate'> {
  const { doc } = ctx;
  const environments: VendorModel['environments'] = [];
  let serverTemplate: string | undefined;
  (doc.servers ?? []).forEach((server, i) => {
    if (/\{[^}]+\}/.test(server.url)) {
      serverTemplate ??= server.url;
      return;
    }
    const name = server['x-careapis-environment'];
    if (typeof name !== 'string') {
      ctx.problem(`/servers/${i}`, 'a server with a fixed URL needs `x-careapis-environment` (its environment name)');
      return;
    }
    if (environments.some((e) => e.name === name)) ctx.problem(`/servers/${i}`, `environment "${name}" is declared twice`);
    environments.push({ name, url: server.url.replace(/\/+$/, ''), description: server.description ?? name });
  });
  if (environments.length === 0 && serverTemplate === undefined) ctx.problem('/servers', 'the spec needs at least one server');
  return { environments, serverTemplate: environments.length > 0 ? undefined : serverTemplate };
}
