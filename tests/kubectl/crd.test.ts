// CustomResourceDefinitions and custom resources through kubectl: unknown kinds before the CRD,
// the CRD's defaults and status, dynamic discovery (api-resources, short names), printer
// columns, schema pruning/defaulting/validation texts, the status subresource, explain, and
// deletion of a CRD with its objects.

import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

let s: LabSession;
const sh = (line: string) => s.exec(line);

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [cronSpec]
              properties:
                cronSpec:
                  type: string
                  pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                image:
                  type: string
                replicas:
                  type: integer
                  minimum: 1
                  maximum: 10
                  default: 1
                mode:
                  type: string
                  enum: [Allow, Forbid]
            status:
              type: object
              x-kubernetes-preserve-unknown-fields: true
      additionalPrinterColumns:
      - name: Spec
        type: string
        jsonPath: .spec.cronSpec
      - name: Replicas
        type: integer
        jsonPath: .spec.replicas
      - name: Image
        type: string
        jsonPath: .spec.image
        priority: 1
      - name: Age
        type: date
        jsonPath: .metadata.creationTimestamp
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
    categories:
    - all
`;

const CT = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-cron
spec:
  cronSpec: "* * * * */5"
  image: my-cron-image
  extra: dropped
status:
  phase: ignored
`;

beforeAll(async () => {
  s = new LabSession({ timeMode: "virtual" });
  await sh(`cat > crd.yaml <<'EOF'\n${CRD}EOF`);
  await sh(`cat > ct.yaml <<'EOF'\n${CT}EOF`);
}, 60_000);

describe("CustomResourceDefinition", () => {
  it("before the CRD: the kind is unknown to kubectl", async () => {
    const r = await sh("kubectl apply -f ct.yaml");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: resource mapping not found for name: "my-cron" namespace: "" from "ct.yaml": no matches for kind "CronTab" in version "stable.example.com/v1"\nensure CRDs are installed first\n',
    );
    expect((await sh("kubectl get ct")).stderr).toBe('error: the server doesn\'t have a resource type "ct"\n');
  });

  it("is stored with its defaults and established by the API server", async () => {
    expect((await sh("kubectl apply -f crd.yaml")).stdout).toBe("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n");
    expect((await sh("kubectl get crd")).stdout).toMatch(/^NAME                          CREATED AT\ncrontabs\.stable\.example\.com   \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    const j = (path: string) => sh(`kubectl get crd crontabs.stable.example.com -o jsonpath='${path}'`).then((r) => r.stdout);
    expect(await j("{.spec.conversion.strategy} {.spec.names.listKind} {.status.storedVersions}")).toBe('None CronTabList ["v1"]');
    expect(await j("{range .status.conditions[*]}{.type}={.status}/{.reason}/{.message};{end}")).toBe(
      "NamesAccepted=True/NoConflicts/no conflicts found;Established=True/InitialNamesAccepted/the initial names have been accepted;",
    );
    expect(await j("{.status.acceptedNames.kind} {.status.acceptedNames.shortNames}")).toBe('CronTab ["ct"]');
  });

  it("appears in discovery: api-resources, short name, category", async () => {
    expect((await sh("kubectl api-resources --api-group=stable.example.com")).stdout).toBe(
      "NAME       SHORTNAMES   APIVERSION              NAMESPACED   KIND\ncrontabs   ct           stable.example.com/v1   true         CronTab\n",
    );
    expect((await sh("kubectl api-versions")).stdout).toContain("stable.example.com/v1\n");
  });

  it("objects: pruned, defaulted, status ignored on the main resource, printed with the printer columns", async () => {
    expect((await sh("kubectl apply -f ct.yaml")).stdout).toBe("crontab.stable.example.com/my-cron created\n");
    expect((await sh("kubectl get ct my-cron -o jsonpath='{.spec}|{.status}|{.metadata.generation}'")).stdout).toBe(
      '{"cronSpec":"* * * * */5","image":"my-cron-image","replicas":1}||1',
    );
    expect((await sh("kubectl get crontabs")).stdout).toMatch(/^NAME      SPEC          REPLICAS   AGE\nmy-cron   \* \* \* \* \*\/5   1          \d+s\n$/);
    expect((await sh("kubectl get crontab.stable.example.com -o wide")).stdout).toMatch(/^NAME      SPEC          REPLICAS   IMAGE           AGE\nmy-cron   \* \* \* \* \*\/5   1          my-cron-image   \d+s\n$/);
    expect((await sh("kubectl describe ct my-cron")).stdout).toContain("API Version:  stable.example.com/v1\nKind:         CronTab\n");
  });

  it("schema validation with the API server's texts", async () => {
    const typ = await sh(`kubectl patch ct my-cron --type=merge -p '{"spec":{"replicas":"three"}}'`);
    expect(typ.stderr).toBe('The CronTab "my-cron" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n');
    const several = await sh(`kubectl patch ct my-cron --type=merge -p '{"spec":{"replicas":20,"cronSpec":"bad","mode":"Maybe"}}'`);
    expect(several.stderr).toBe(
      'The CronTab "my-cron" is invalid: \n' +
        "* spec.cronSpec: Invalid value: \"bad\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'\n" +
        "* spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10\n" +
        '* spec.mode: Unsupported value: "Maybe": supported values: "Allow", "Forbid"\n',
    );
    const req = await sh(`printf 'apiVersion: stable.example.com/v1\\nkind: CronTab\\nmetadata:\\n  name: empty\\nspec:\\n  image: x\\n' | kubectl create -f -`);
    expect(req.stderr).toBe('The CronTab "empty" is invalid: spec.cronSpec: Required value\n');
  });

  it("explain reads the CRD's schema", async () => {
    expect((await sh("kubectl explain ct.spec")).stdout).toBe(
      "GROUP:      stable.example.com\nKIND:       CronTab\nVERSION:    v1\n\nFIELD: spec <Object>\n\n\nDESCRIPTION:\n    <empty>\nFIELDS:\n  cronSpec\t<string> -required-\n    <no description>\n\n  image\t<string>\n    <no description>\n\n  mode\t<string>\n  enum: Allow, Forbid\n    <no description>\n\n  replicas\t<integer>\n    <no description>\n\n\n",
    );
  });

  it("deleting the CRD deletes its objects and the resource type", async () => {
    expect((await sh("kubectl delete crd crontabs.stable.example.com")).stdout).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    expect((await sh("kubectl get ct")).stderr).toBe('error: the server doesn\'t have a resource type "ct"\n');
    expect((await sh("kubectl apply -f crd.yaml")).exitCode).toBe(0);
    expect((await sh("kubectl get ct")).stderr).toBe("No resources found in default namespace.\n");
  });

  it("validation of the CRD itself", async () => {
    const bad = await sh(
      `printf 'apiVersion: apiextensions.k8s.io/v1\\nkind: CustomResourceDefinition\\nmetadata:\\n  name: widgets.example.com\\nspec:\\n  group: example.com\\n  scope: Namespaced\\n  names:\\n    plural: gadgets\\n    kind: Gadget\\n  versions:\\n  - name: v1\\n    served: true\\n    storage: true\\n' | kubectl create -f -`,
    );
    expect(bad.stderr).toBe(
      'The CustomResourceDefinition "widgets.example.com" is invalid: \n' +
        '* metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group\n' +
        "* spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required\n",
    );
  });
});
