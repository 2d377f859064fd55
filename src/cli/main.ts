// npx kubelab …
//   run [--scenario ID] [--json] [--seed N]   run stdin as typed commands (1 s of cluster time per command; sleep N advances N s)
//   scenarios list [--json]                   the scenario pack
//   scenarios check [PATH…]                   validate files, replay each solution, check an untouched lab fails
//   (no arguments)                            interactive REPL of the same lab

import { createInterface } from "node:readline";
import { setScenarioSources, getScenario, listScenarios, loadAll } from "../scenario/catalog.ts";
import { sessionForScenario } from "../scenario/runner.ts";
import { checkScenarioFiles } from "../scenario/selftest.ts";
import { formatErrors } from "../scenario/load.ts";
import type { LabSession } from "../shell/session.ts";
import { EOF_LINE } from "../shell/session-api.ts";
import { readScenarioFiles } from "./scenario-files.ts";
import { splitCommands } from "./script.ts";

const USAGE = `Usage:
  kubelab                                  interactive lab (REPL)
  kubelab run [--scenario ID] [--json]     run commands from stdin
  kubelab scenarios list [--json]          list the scenario pack
  kubelab scenarios check [PATH...]        validate scenarios and self-test their solutions
`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function write(s: string): void {
  process.stdout.write(s);
}

async function newSession(scenarioId: string | undefined, seed: number | undefined): Promise<LabSession | string> {
  setScenarioSources(readScenarioFiles());
  const scenario = scenarioId ? getScenario(scenarioId) : null;
  if (scenarioId && !scenario) {
    const { errors } = loadAll();
    const known = listScenarios().map((s) => s.id).join(", ");
    return `kubelab: unknown scenario "${scenarioId}" (known: ${known})${errors.length ? `\n${formatErrors(errors)}` : ""}\n`;
  }
  return sessionForScenario(scenario ?? null, { timeMode: "virtual", seed });
}

async function cmdRun(args: string[]): Promise<number> {
  let scenarioId: string | undefined;
  let json = false;
  let seed: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--scenario") scenarioId = args[++i];
    else if (a.startsWith("--scenario=")) scenarioId = a.slice(11);
    else if (a === "--seed") seed = Number(args[++i]);
    else {
      process.stderr.write(`kubelab run: unknown argument "${a}"\n${USAGE}`);
      return 2;
    }
  }
  const session = await newSession(scenarioId, seed);
  if (typeof session === "string") {
    process.stderr.write(session);
    return 2;
  }
  const input = await readStdin();
  const cmds = splitCommands(input);
  // the lines after `kubectl exec -it POD -- sh` go to the container's shell until it exits; when
  // stdin ends first, the shell reads EOF (as Ctrl-D on an empty line): `cmd` is "\u0004"
  let open = false;
  for (let i = 0; i < cmds.length || (open && i < cmds.length + 16); i++) {
    const cmd = i < cmds.length ? cmds[i] : EOF_LINE;
    const host = session.host;
    const cwd = session.cwd;
    const prompt = session.prompt();
    const r = await session.exec(cmd);
    open = r.eofExits === true;
    if (json) write(JSON.stringify({ host, cwd, cmd, stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }) + "\n");
    else write(cmd === EOF_LINE ? `${prompt}${r.stdout}${r.stderr}` : `${prompt}${cmd}\n${r.stdout}${r.stderr}`);
    session.advance(1000);
  }
  if (scenarioId) {
    const g = await session.grade();
    if (!json) {
      write(`\n# grade: ${g.score}/${g.total} ${g.passed ? "PASSED" : "FAILED"}\n`);
      for (const c of g.checks) write(`#  ${c.passed ? "✓" : "✗"} ${c.name} (${c.points} pt) — expected: ${c.expected}; observed: ${c.observed}\n`);
    }
    write(JSON.stringify({ grade: { passed: g.passed, score: g.score, total: g.total, checks: g.checks.map((c) => ({ name: c.name, passed: c.passed, expected: c.expected, observed: c.observed, points: c.points })) } }) + "\n");
  }
  return 0;
}

async function cmdScenarios(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === "list") {
    setScenarioSources(readScenarioFiles());
    const { scenarios, errors } = loadAll();
    if (rest.includes("--json")) write(JSON.stringify(scenarios.map((s) => ({ id: s.id, title: s.title, domain: s.domain ?? null, tags: s.tags, difficulty: s.difficulty ?? null }))) + "\n");
    else for (const s of scenarios) write(`${s.id.padEnd(34)} ${s.title}\n`);
    if (errors.length) process.stderr.write(formatErrors(errors) + "\n");
    return errors.length ? 1 : 0;
  }
  if (verb === "check") {
    const files = readScenarioFiles(rest);
    const report = await checkScenarioFiles(files, (line) => write(line + "\n"));
    write(`${report.passed} passed, ${report.failed} failed\n`);
    return report.failed ? 1 : 0;
  }
  process.stderr.write(USAGE);
  return 2;
}

async function repl(): Promise<number> {
  const session = await newSession(undefined, undefined);
  if (typeof session === "string") {
    process.stderr.write(session);
    return 2;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: !!process.stdin.isTTY });
  let buf: string[] = [];
  const ask = () => rl.setPrompt(buf.length ? "> " : session.prompt());
  ask();
  rl.prompt();
  let open = false;
  for await (const line of rl) {
    buf.push(line);
    const text = buf.join("\n");
    if (session.needsMore(text)) {
      ask();
      rl.prompt();
      continue;
    }
    buf = [];
    const r = await session.exec(text);
    open = r.eofExits === true;
    write(r.stdout);
    process.stderr.write(r.stderr);
    session.advance(1000);
    ask();
    rl.prompt();
  }
  // Ctrl-D: a container's shell that has the prompt reads EOF and exits first
  for (let i = 0; open && i < 16; i++) {
    const r = await session.exec(EOF_LINE);
    open = r.eofExits === true;
    write(r.stdout);
    process.stderr.write(r.stderr);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined) return await repl();
    if (cmd === "run") return await cmdRun(rest);
    if (cmd === "scenarios") return await cmdScenarios(rest);
    if (cmd === "--help" || cmd === "-h" || cmd === "help") {
      write(USAGE);
      return 0;
    }
    process.stderr.write(`kubelab: unknown command "${cmd}"\n${USAGE}`);
    return 2;
  } catch (e) {
    process.stderr.write(`kubelab: internal error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
