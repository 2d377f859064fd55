// The contract between a lab session (shell + engine + scenario) and whoever drives it:
// the page (through a Web Worker), the headless CLI, and the tests. Plain data only, so it
// crosses postMessage unchanged.

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** host and cwd after the command (prompt) */
  host: string;
  cwd: string;
  /** the prompt is an interactive program's (a container's shell): Ctrl-D on an empty line ends it (exec(EOF_LINE)) */
  eofExits?: boolean;
}

/** What the terminal sends for Ctrl-D on an empty line while an interactive program has the prompt. */
export const EOF_LINE = "\u0004";

/** vi/vim/nano (and kubectl edit) ask the host to edit a file; exec() resumes when it is closed. */
export interface EditorRequest {
  host: string;
  path: string;
  mode: "vim" | "nano";
  /** the file's text ("" for a new file) */
  content: string;
  /** false when the file did not exist */
  exists: boolean;
}

export interface EditorResult {
  saved: boolean;
  /** the text to write when saved */
  content?: string;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  expected: string;
  observed: string;
  points: number;
}

export interface GradeResult {
  passed: boolean;
  score: number;
  total: number;
  checks: CheckResult[];
}

export interface ScenarioInfo {
  id: string;
  title: string;
  /** the task, in markdown */
  task: string;
  domain?: string;
  tags: string[];
  difficulty?: string;
  /** progressive hints, shown one at a time on request */
  hints?: string[];
  /** markdown shown after grading */
  explanation?: string;
  minutes?: number;
}

export interface PodView {
  namespace: string;
  name: string;
  node: string;
  status: string;
  ready: string;
  restarts: string;
  owner: "static" | "daemonset" | "replicaset" | "job" | "bare" | "other";
  /** the kubelet's UID of the pod (a static pod's config hash) */
  uid?: string;
  /** CrashLoopBackOff: seconds from `now` until the kubelet restarts the container */
  nextRestartSeconds?: number;
}

export interface NodeView {
  name: string;
  ip: string;
  ready: boolean;
  kubelet: "running" | "stopped";
  staticPodPath: string;
  manifests: string[];
}

export interface ClusterView {
  now: number;
  nodes: NodeView[];
  pods: PodView[];
}

export interface LabSessionApi {
  /** "controlplane:~$ " */
  prompt(): string;
  /** True when the text is incomplete as a bash command (open quote, heredoc, trailing backslash or pipe). */
  needsMore(text: string): boolean;
  /** `onOutput`: the terminal, told what commands write to it while the line runs (the result keeps the rest) */
  exec(line: string, opts?: { onOutput?: (text: string, fd: 1 | 2) => void }): Promise<ExecResult>;
  /** Interrupt the running command (Ctrl-C). */
  interrupt(): void;
  grade(): Promise<GradeResult>;
  scenario(): ScenarioInfo | null;
  /** Advance virtual time by ms (the page's real-time ticker and fast-forward). */
  advance(ms: number): void;
  view(): ClusterView;
  /** Read a file of a machine (null when missing or a folder). */
  readFile(host: string, path: string): string | null;
  /** Write a file of a machine (the kubelet and everything else see it at once). */
  writeFile(host: string, path: string, content: string): void;
  /** Who edits files for vi/vim/nano: the page sets this; without it the editors say there is none. */
  setEditorHandler(handler: ((req: EditorRequest) => Promise<EditorResult>) | null): void;
  /** Changes whenever what view() shows may have changed (store resourceVersion, kubelets, manifest folders). */
  viewVersion?(): string;
  /** Run a read-only command line on controlplane outside the terminal (the cluster view's describe); no history, no prompt change. */
  run?(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** The terminal's width in columns: COLUMNS in the shell's environment (ls and ps lay out to it). */
  setColumns?(cols: number): void;
  /** An interactive program (a container's shell) has the prompt: Ctrl-D on an empty line ends it. */
  programOpen?(): boolean;
  /** Tab completion of the word before `cursor` (bash-completion's candidates; `from` is where the word starts). */
  complete?(text: string, cursor: number): { from: number; candidates: string[] };
}
