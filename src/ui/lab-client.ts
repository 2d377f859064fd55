// The page's side of the protocol: typed calls to the lab worker.

import type { ClusterView, EditorResult, GradeResult, ScenarioInfo } from "../shell/session-api.ts";
import type { ExecReply, ShellBackend } from "../terminal/controller.ts";
import type { Completion, LabEvent, LabRequest, LoadParams, Loaded, Op, PanelView, Params, Result, WorkerMessage } from "./worker-protocol.ts";

/** What the client talks through: a Worker, or an in-process channel in tests. */
export interface Port {
  postMessage(msg: LabRequest): void;
  onmessage: ((ev: { data: WorkerMessage }) => void) | null;
  terminate?(): void;
}

export class LabClient {
  private nextId = 1;
  private waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly port: Port;
  private broken: Error | null = null;
  /** what the worker pushes (the editor opening …) */
  onEvent: ((ev: LabEvent) => void) | null = null;
  /** the running exec's terminal (its `output` events) */
  private output: ((data: string) => void) | null = null;

  constructor(port: Port) {
    this.port = port;
    port.onmessage = (ev) => {
      const res = ev.data;
      if ("event" in res) {
        if (res.event === "output") this.output?.(res.data);
        else this.onEvent?.(res);
        return;
      }
      const w = this.waiting.get(res.id);
      if (!w) return;
      this.waiting.delete(res.id);
      if (res.ok) w.resolve(res.value);
      else w.reject(new Error(res.error));
    };
  }

  call<K extends Op>(op: K, params: Params<K>): Promise<Result<K>> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<Result<K>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ id, op, params });
    });
  }

  listScenarios(): Promise<ScenarioInfo[]> {
    return this.call("listScenarios", null);
  }
  loadScenario(p: LoadParams): Promise<Loaded> {
    return this.call("loadScenario", p);
  }
  /** `onOutput`: told what the command writes to the terminal while it runs */
  async exec(line: string, onOutput?: (data: string) => void): Promise<ExecReply> {
    if (!onOutput) return this.call("exec", { line });
    this.output = onOutput;
    try {
      return await this.call("exec", { line, stream: true });
    } finally {
      if (this.output === onOutput) this.output = null;
    }
  }
  interrupt(): void {
    void this.call("interrupt", null).catch(() => undefined);
  }
  grade(): Promise<GradeResult> {
    return this.call("grade", null);
  }
  /** `ff`: the student's fast-forward (kept in the op log) */
  advance(ms: number, ff = false): Promise<null> {
    return this.call("advance", ff ? { ms, ff } : { ms });
  }
  view(): Promise<ClusterView> {
    return this.call("view", null);
  }
  /** the cluster clock (ms since the epoch) */
  clock(): Promise<number> {
    return this.call("clock", null);
  }
  needsMore(text: string): Promise<boolean> {
    return this.call("needsMore", { text });
  }

  editorDone(id: number, result: EditorResult): Promise<null> {
    return this.call("editorDone", { id, result });
  }
  writeFile(host: string, path: string, content: string): Promise<null> {
    return this.call("writeFile", { host, path, content });
  }
  watchView(on: boolean): Promise<PanelView | null> {
    return this.call("watchView", { on });
  }
  run(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    return this.call("run", { line });
  }
  /** the terminal's width (COLUMNS for ls, ps …) */
  setColumns(cols: number): void {
    void this.call("setColumns", { cols }).catch(() => undefined);
  }
  complete(text: string, cursor: number): Promise<Completion> {
    return this.call("complete", { text, cursor });
  }

  /** The terminal's view of the session. */
  backend(): ShellBackend {
    return {
      needsMore: (text) => this.needsMore(text),
      exec: (line, onOutput) => this.exec(line, onOutput),
      interrupt: () => this.interrupt(),
      complete: (text, cursor) => this.complete(text, cursor),
    };
  }

  /** The worker died: every waiting and later call fails with this error. */
  fail(error: Error): void {
    this.broken = error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  close(): void {
    this.port.terminate?.();
    for (const w of this.waiting.values()) w.reject(new Error("lab closed"));
    this.waiting.clear();
  }
}

/**
 * The lab worker (the engine, the shell and the scenarios load there, off the main thread).
 * Messages sent before `start()` wait for it: the page starts the worker once its prompt is
 * drawn, so the worker's big parse does not compete with the prompt for the CPU.
 */
export function createLabWorker(): { client: LabClient; start(): void } {
  let worker: Worker | null = null;
  const queue: LabRequest[] = [];
  const port: Port = {
    postMessage: (msg) => (worker ? worker.postMessage(msg) : queue.push(msg)),
    onmessage: null,
    terminate: () => worker?.terminate(),
  };
  const client = new LabClient(port);
  return {
    client,
    start() {
      if (worker) return;
      worker = new Worker(new URL("./lab.worker.ts", import.meta.url), { type: "module", name: "kubelab" });
      worker.onmessage = (ev: MessageEvent<WorkerMessage>) => port.onmessage?.({ data: ev.data });
      worker.onerror = (ev) => {
        ev.preventDefault();
        client.fail(new Error(`the lab worker failed: ${ev.message || "could not load"}`));
      };
      for (const msg of queue.splice(0)) worker.postMessage(msg);
    },
  };
}
