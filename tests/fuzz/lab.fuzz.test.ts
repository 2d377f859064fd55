// Seeded fuzzing in CI (bounded): generated command lines, manifests and scenario files. The
// long run is tests/bench/fuzz-long.mjs. On failure fast-check prints the seed and the
// shrunk input; re-run with FUZZ_SEED=<seed>.
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runSteps, stepArb, type Step } from "./harness.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { startWatchdog } from "./watchdog.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

describe("fuzz: the lab never breaks", () => {
  // a step that blocks the event loop ends the process with the step's text (vitest's timeout cannot fire then)
  const dog = startWatchdog(60_000);
  afterAll(() => dog.stop());
  const onStep = (_i: number, what: string) => dog.step(what);

  it("random and hostile command lines and manifests: no JS error text, invariants hold, control plane healthy", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 10, maxLength: 30 }), fc.integer({ min: 1, max: 1000 }), async (steps, seed) => {
        await runSteps(steps, { seed, onStep });
        dog.idle();
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, verbose: 1 },
    );
  }, 120_000);

  it("the seed flow, interleaved with noise, still works", async () => {
    const seedFlow: Step[] = [
      { t: "line", line: "kubectl run --restart=Never --image=busybox static-busybox --dry-run -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml" },
      { t: "advance", ms: 10_000 },
      { t: "line", line: "kubectl get pods static-busybox-controlplane -o jsonpath='{.status.phase}'" },
    ];
    const noise = fc.sample(stepArb.filter((s) => s.t !== "line" || !/manifests|kubelet|systemctl|kill|docker|crictl|rm |mv |node|ns |namespace|-A|--all|\bcd\b|sed|>|export/.test(s.line)), { seed: SEED, numRuns: 8 });
    await runSteps([...noise.slice(0, 4), ...seedFlow, ...noise.slice(4)], { seed: 1, onStep });
    dog.idle();
  }, 60_000);
});

// ---------------------------------------------------------------- scenario files

const TOP = ["id", "title", "description", "domain", "tags", "difficulty", "minutes", "cluster", "setup", "task", "hints", "solution", "checks", "explanation", "bogus"];
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.dictionary(fc.constantFrom("run", "wait", "apply", "node", "kind", "name", "resource", "namespace", "path", "equals", "points", "command", "contains", "bogus"), fc.oneof(fc.string({ maxLength: 10 }), fc.integer()))), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })),
);
const scenarioDoc = fc.dictionary(fc.constantFrom(...TOP), value).map((o) => JSON.stringify(o));
const packFiles = (readdirSync("scenarios", { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(join("scenarios", f), "utf8"));
const mutated = fc.tuple(fc.constantFrom(...packFiles), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 8 })).map(([t, at, del, ins]) => {
  const i = at % (t.length + 1);
  return t.slice(0, i) + ins + t.slice(i + del);
});
const hostile = fc.constantFrom(
  "",
  "a: &a [*a]",
  "a0: &a0 [x,x,x,x,x,x,x,x,x]\n" + Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(",")}]`).join("\n"),
  "id: x\nid: y",
  "!!js/function 'function(){return 1}'",
  "id: !!binary aGVsbG8=",
  "[".repeat(5000),
  "x".repeat(300 * 1024),
  "\u0000\u0001\ufffd",
  "title: <img src=x onerror=alert(1)>\ntask: <script>alert(1)</script>",
  "__proto__: {polluted: true}\nconstructor: {prototype: {x: 1}}",
);

describe("fuzz: the scenario loader never throws", () => {
  it("generated, mutated and hostile scenario files give a scenario or errors with messages", () => {
    fc.assert(
      fc.property(fc.oneof(scenarioDoc, mutated, hostile, fc.string({ maxLength: 200 })), (text) => {
        const r = loadScenario(text, "fuzz.yaml");
        if (r.ok) {
          expect(typeof r.scenario.id).toBe("string");
        } else {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) {
            expect(typeof e.message).toBe("string");
            expect(e.message).not.toMatch(/TypeError|Cannot read propert|undefined is not|is not a function/);
            if (e.line !== undefined) expect(Number.isInteger(e.line)).toBe(true);
          }
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { seed: SEED, numRuns: 400 },
    );
  }, 120_000); // ~13 s alone; several times that when the whole suite shares two cores
});
