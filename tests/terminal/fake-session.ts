// A stand-in LabSessionApi for the terminal and UI tests (the real one is src/shell/session.ts).
import type { ClusterView, EditorRequest, EditorResult, ExecResult, GradeResult, LabSessionApi, ScenarioInfo } from "../../src/shell/session-api.ts";

export const FAKE_SCENARIOS: ScenarioInfo[] = [
  { id: "static-busybox", title: "Create a static pod", task: "# Static pod\n\nCreate a **static pod** named `static-busybox`.", tags: ["static-pods"] },
  { id: "other", title: "Another task", task: "Do the other thing.", tags: [] },
];

export function fakeNeedsMore(text: string): boolean {
  if (/\\$/.test(text)) return true;
  if (/\|\s*$/.test(text)) return true;
  let single = false;
  let double = false;
  for (const ch of text) {
    if (ch === "'" && !double) single = !single;
    else if (ch === '"' && !single) double = !double;
  }
  if (single || double) return true;
  const m = /<<-?\s*['"]?(\w+)['"]?/.exec(text);
  if (m) {
    const lines = text.split("\n").slice(1);
    if (!lines.some((l) => l.trim() === m[1])) return true;
  }
  return false;
}

export class FakeSession implements LabSessionApi {
  host = "controlplane";
  cwd = "/root";
  now = Date.UTC(2025, 0, 1, 12, 0, 0);
  execs: string[] = [];
  interrupts = 0;
  private wake: (() => void) | null = null;
  constructor(readonly scenarioInfo: ScenarioInfo | null = FAKE_SCENARIOS[0]) {}

  prompt(): string {
    return `${this.host}:${this.cwd === "/root" ? "~" : this.cwd}$ `;
  }
  needsMore(text: string): boolean {
    return fakeNeedsMore(text);
  }
  async exec(line: string): Promise<ExecResult> {
    this.execs.push(line);
    const res = (stdout: string, stderr = "", exitCode = 0): ExecResult => ({ stdout, stderr, exitCode, host: this.host, cwd: this.cwd });
    const t = line.trim();
    if (t === "ssh node01") {
      this.host = "node01";
      return res("");
    }
    if (t === "exit") {
      this.host = "controlplane";
      return res("logout\n");
    }
    if (t === "cd /tmp") {
      this.cwd = "/tmp";
      return res("");
    }
    if (t.startsWith("sleep")) {
      await new Promise<void>((r) => (this.wake = r));
      return res("", "", 130);
    }
    if (t.startsWith("printf ")) return res(t.slice(7));
    const ed = /^(vi|vim|nano) (\S+)$/.exec(t);
    if (ed) {
      if (!this.editor) return res("", "kubelab: no editor\n", 1);
      const path = ed[2].startsWith("/") ? ed[2] : `${this.cwd}/${ed[2]}`;
      const content = this.readFile(this.host, path);
      const r = await this.editor({ host: this.host, path, mode: ed[1] === "nano" ? "nano" : "vim", content: content ?? "", exists: content !== null });
      if (r.saved && r.content !== undefined) this.writeFile(this.host, path, r.content);
      return res("");
    }
    const cat = /^cat (\/\S+)$/.exec(t);
    if (cat) return res(this.readFile(this.host, cat[1]) ?? "", "", 0);
    if (t === "boom") throw new Error("boom");
    return res(`ran: ${line}\n`);
  }
  interrupt(): void {
    this.interrupts++;
    this.wake?.();
    this.wake = null;
  }
  async grade(): Promise<GradeResult> {
    return {
      passed: false,
      score: 1,
      total: 2,
      checks: [
        { name: "pod exists", passed: true, expected: "static-busybox-controlplane", observed: "static-busybox-controlplane", points: 1 },
        { name: "image", passed: false, expected: "busybox", observed: "nginx", points: 1 },
      ],
    };
  }
  scenario(): ScenarioInfo | null {
    return this.scenarioInfo;
  }
  advance(ms: number): void {
    this.now += ms;
  }
  view(): ClusterView {
    return { now: this.now, nodes: [], pods: [] };
  }
  files = new Map<string, string>();
  readFile(host: string, path: string): string | null {
    return this.files.get(`${host}:${path}`) ?? null;
  }
  writeFile(host: string, path: string, content: string): void {
    this.files.set(`${host}:${path}`, content);
  }
  editor: ((req: EditorRequest) => Promise<EditorResult>) | null = null;
  setEditorHandler(handler: ((req: EditorRequest) => Promise<EditorResult>) | null): void {
    this.editor = handler;
  }
  complete(text: string, cursor: number): { from: number; candidates: string[] } {
    const before = text.slice(0, cursor);
    const from = before.lastIndexOf(" ") + 1;
    const word = before.slice(from);
    const pool = from === 0 ? ["kubectl", "kubeadm", "k", "cat", "crictl"] : ["static-busybox-controlplane", "static-web-controlplane", "nginx"];
    return { from, candidates: pool.filter((c) => c.startsWith(word)).sort() };
  }
}
