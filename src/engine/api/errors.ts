// API errors as the API server returns them: a metav1.Status with reason and code.
// kubectl prints `Error from server (<Reason>): <message>`.

export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Invalid"
  | "BadRequest"
  | "Conflict"
  | "Forbidden"
  | "MethodNotAllowed"
  | "RequestEntityTooLarge"
  | "InternalError";

export class ApiError extends Error {
  constructor(
    public reason: StatusReason,
    public code: number,
    message: string,
    public details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message: string; field?: string }[] },
  ) {
    super(message);
  }
  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}

/** The API server is not reachable (kube-apiserver static pod not running). */
export class ConnectionRefused extends Error {
  constructor(public server: string) {
    super(`The connection to the server ${server} was refused - did you specify the right host or port?`);
  }
}

export function notFound(qualifiedResource: string, name: string): ApiError {
  const [resource, ...group] = qualifiedResource.split(".");
  return new ApiError("NotFound", 404, `${qualifiedResource} "${name}" not found`, { name, group: group.join(".") || undefined, kind: resource });
}

export function alreadyExists(qualifiedResource: string, name: string): ApiError {
  const [resource, ...group] = qualifiedResource.split(".");
  return new ApiError("AlreadyExists", 409, `${qualifiedResource} "${name}" already exists`, { name, group: group.join(".") || undefined, kind: resource });
}

export interface FieldError {
  field: string;
  type: "Required value" | "Invalid value" | "Unsupported value" | "Forbidden" | "Duplicate value" | "Too long" | "Too many" | "Not found";
  value?: unknown;
  /** the value as Go prints it (%#v), when it is not a plain JSON value */
  goValue?: string;
  detail?: string;
}

/** field.ErrorList.ToAggregate() text, as in `The Pod "x" is invalid: spec.containers[0].image: Required value`. */
export function formatFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  if (e.type === "Invalid value" || e.type === "Unsupported value" || e.type === "Duplicate value" || e.type === "Too many" || e.type === "Not found") {
    s += `: ${e.goValue ?? goQuote(e.value)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

function goQuote(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || v === undefined) return "null";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function invalid(kind: string, name: string, errs: FieldError[], group = ""): ApiError {
  const msgs = errs.map(formatFieldError);
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
  return new ApiError("Invalid", 422, `${kind} "${name}" is invalid: ${agg}`, {
    name,
    group: group || undefined,
    kind,
    causes: errs.map((e) => ({ reason: "Field" + e.type.replace(/ (\w)/, (_, c) => c.toUpperCase()).replace(/ /g, ""), message: formatFieldError(e).slice(e.field.length + 2), field: e.field })),
  });
}
