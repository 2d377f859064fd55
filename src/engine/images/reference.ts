// Docker image reference parsing, as github.com/distribution/reference v0.6 (vendored by
// kubelet 1.32 and by docker) does it: ParseNormalizedNamed + the reference grammar
// (regexp.go), with the exact error texts. The kubelet wraps a failure as
//   Failed to apply default image tag "<image>": couldn't parse image name "<image>": <err>
// (pkg/kubelet/images/image_manager.go applyDefaultImageTag → pkg/util/parsers.ParseImageName).

const alphanumeric = "[a-z0-9]+";
const separator = "(?:[._]|__|[-]+)";
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const ipv6address = "\\[(?:[a-fA-F0-9:]+)\\]";
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;
const tagPat = "[\\w][\\w.-]{0,127}";
const digestPat = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const referenceRe = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const anchoredIdentifierRe = /^[a-f0-9]{64}$/;

export const DEFAULT_DOMAIN = "docker.io";
const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
const OFFICIAL_REPO_PREFIX = "library/";
const NAME_TOTAL_LENGTH_MAX = 255;

export interface ParsedRef {
  /** fully qualified repository: "docker.io/library/busybox" */
  repository: string;
  domain: string;
  /** path inside the registry: "library/busybox" */
  path: string;
  tag?: string;
  digest?: string;
}

function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf("/");
  let domain: string;
  let remainder: string;
  if (
    i === -1 ||
    (!/[.:]/.test(name.slice(0, i)) && name.slice(0, i) !== "localhost" && name.slice(0, i).toLowerCase() === name.slice(0, i))
  ) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = name.slice(0, i);
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes("/")) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

/** reference.Parse: the grammar check on an already-normalized string. */
function parse(s: string): ParsedRef | string {
  const m = referenceRe.exec(s);
  if (!m) {
    if (s === "") return "repository name must have at least one component";
    if (referenceRe.test(s.toLowerCase())) return "invalid reference format: repository name must be lowercase";
    return "invalid reference format";
  }
  const name = m[1];
  if (name.length > NAME_TOTAL_LENGTH_MAX) return `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`;
  const digest = m[3];
  if (digest) {
    const [alg, hex] = digest.split(":");
    if (alg === "sha256" && hex.length !== 64) return "invalid checksum digest length";
    if (alg === "sha384" && hex.length !== 96) return "invalid checksum digest length";
    if (alg === "sha512" && hex.length !== 128) return "invalid checksum digest length";
    if (!["sha256", "sha384", "sha512"].includes(alg)) return "unsupported digest algorithm";
    if (hex !== hex.toLowerCase()) return "invalid checksum digest format";
  }
  // Only called on normalized "<domain>/<path>" strings: the first component is the domain.
  const slash = name.indexOf("/");
  const domain = name.slice(0, slash);
  const path = name.slice(slash + 1);
  return { repository: name, domain, path, tag: m[2], digest };
}

/** reference.ParseNormalizedNamed: "busybox" → docker.io/library/busybox. Returns the error text on failure. */
export function parseNormalizedNamed(s: string): ParsedRef | string {
  if (anchoredIdentifierRe.test(s)) return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  const [domain, remainder] = splitDockerDomain(s);
  const tagSep = remainder.indexOf(":");
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  return parse(`${domain}/${remainder}`);
}

/** reference.FamiliarName: docker.io/library/busybox → busybox; docker.io/fluent/fluentd → fluent/fluentd. */
export function familiarName(repository: string): string {
  if (repository.startsWith(`${DEFAULT_DOMAIN}/`)) {
    const rest = repository.slice(DEFAULT_DOMAIN.length + 1);
    if (rest.startsWith(OFFICIAL_REPO_PREFIX) && rest.indexOf("/", OFFICIAL_REPO_PREFIX.length) === -1) {
      return rest.slice(OFFICIAL_REPO_PREFIX.length);
    }
    return rest;
  }
  return repository;
}
