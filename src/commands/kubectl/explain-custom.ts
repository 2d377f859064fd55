// kubectl explain for custom resources: the server publishes each served version of an
// Established CRD in its OpenAPI v3 document (apiextensions-apiserver controller/openapi/builder):
// the version's openAPIV3Schema with apiVersion, kind and metadata (a reference to ObjectMeta)
// as every kind has them. This overlays those schemas on the built-in explain data.

import { allApiResources } from "./discovery.ts";
import { schemaOf } from "./custom-discovery.ts";
import type { ExplainData, Schema } from "./explain.ts";

/** The explain data with the served custom resources' schemas added ("crd:group/version/Kind"). */
export function withCustomSchemas(data: ExplainData | null): ExplainData | null {
  if (!data) return data;
  const custom = allApiResources().filter((r) => schemaOf(r));
  if (!custom.length) return data;
  const pod = data.schemas[data.kinds["/v1/Pod"] ?? ""]?.properties ?? {};
  const kinds = { ...data.kinds };
  const schemas = { ...data.schemas };
  for (const r of custom) {
    const own = structuredClone(schemaOf(r)!) as Schema;
    const name = `crd:${r.group}/${r.version}/${r.kind}`;
    own.properties = { ...(own.properties ?? {}) };
    if (pod.apiVersion) own.properties.apiVersion = pod.apiVersion;
    if (pod.kind) own.properties.kind = pod.kind;
    if (pod.metadata) own.properties.metadata = pod.metadata;
    kinds[`${r.group}/${r.version}/${r.kind}`] = name;
    schemas[name] = own;
  }
  return { kinds, schemas };
}
