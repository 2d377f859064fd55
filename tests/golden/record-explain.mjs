#!/usr/bin/env node
// Records tests/golden/kubectl-explain-corpus.json with real kubectl 1.32: builds the
// reconstructed v1.32 OpenAPI v3 documents (explain-source/build-v3.mjs) into a temp folder and
// runs ../shared/oracle/record.mjs with explain-stub.mjs (discovery stub + /openapi/v3) in place
// of the discovery stub.
//
// Run (from the project root):  node tests/golden/record-explain.mjs [PACKAGES_DIR]
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const oracle = process.env.ORACLE_DIR ?? here("../../../shared/oracle/");
const tmp = mkdtempSync(join(tmpdir(), "explain-record-"));
const docs = join(tmp, "docs");
execFileSync(process.execPath, [here("./explain-source/build-v3.mjs"), docs, ...process.argv.slice(2)], { stdio: "inherit" });

// a copy of the oracle folder whose "discovery stub" is explain-stub.mjs
const fake = join(tmp, "oracle");
execFileSync("mkdir", ["-p", fake]);
copyFileSync(join(oracle, "record.mjs"), join(fake, "record.mjs"));
execFileSync("cp", ["-r", join(oracle, "fixtures"), join(fake, "fixtures")]);
writeFileSync(join(fake, "kube-discovery-stub.mjs"), `import ${JSON.stringify(here("./explain-stub.mjs"))};\n`);
execFileSync(process.execPath, [join(fake, "record.mjs"), "--commands", here("./kubectl-explain-commands.txt"), "--out", here("./kubectl-explain-corpus.json")], {
  stdio: "inherit",
  env: { ...process.env, EXPLAIN_DOCS: docs, KUBE_DISCOVERY_STUB: join(oracle, "kube-discovery-stub.mjs") },
});
