// kubectl kustomize / -k, replaying tests/golden/kubectl-kustomize-corpus.json (real kubectl 1.32.5,
// kustomize v5.5.0, recorded with ../shared/oracle/record.mjs against the discovery stub). The
// fixture directories of tests/golden/kustomize-fixtures were copied to /tmp/kz for the recording;
// the replay mounts them at the same place and runs each command from its `cd` directory.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import { NodeFs } from "../../src/engine/node/fs.ts";
import { contentHash, sha256 } from "../../src/commands/kubectl/kustomize/build.ts";
import { fakeLab, io, mountFixtures as mount, shellSplit } from "./fake.ts";

interface Entry { cmd: string; stdout: string; stderr: string; exit: number; stderr_stable: string }
const corpus: Entry[] = JSON.parse(readFileSync(new URL("../golden/kubectl-kustomize-corpus.json", import.meta.url), "utf8"));
const FIXTURES = new URL("../golden/kustomize-fixtures/", import.meta.url);

/** Entries the replay cannot reproduce, with the reason. */
const SKIP: [RegExp, string][] = [
  [/kubectl get -k basic -o name/, "the stub answers `namespaces \"prod\" not found` for objects in a namespace it does not list (stub artefact)"],
  [/apply -k \S+ (--dry-run=client)?$|create -k rbac --dry-run=client -o name$|apply -k \S+ --dry-run=client -o name$/, "the stub serves no openapi document, so client-side validation fails (stub artefact)"],
];

describe("kubectl kustomize (recorded)", () => {
  for (const e of corpus) {
    const m = /^cd (\S+) && (kubectl .*)$/.exec(e.cmd)!;
    const skip = SKIP.find(([re]) => re.test(e.cmd));
    it.skipIf(!!skip)(e.cmd, async () => {
      const lab = fakeLab({ stub: true });
      const fs = new NodeFs(lab.now);
      mount(fs, FIXTURES, "/tmp/kz");
      // the recording machine's resolver (in the remote-resource error); it had no git on the PATH
      fs.mkdir("/etc", true);
      fs.writeFile("/etc/resolv.conf", "nameserver 10.255.255.53\n");
      lab.machine = { fs } as never;
      const r = await kubectl.run(shellSplit(m[2]).slice(1), { ...io, cwd: m[1] }, lab);
      expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ stdout: e.stdout, stderr: e.stderr_stable, exit: e.exit });
    });
  }
});

describe("kustomize content hash", () => {
  it("is sha256 of the generator's JSON encoding, name always empty", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(contentHash({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { A: "1", B: "two" } })).toBe("6b56fdfggc");
  });
});
