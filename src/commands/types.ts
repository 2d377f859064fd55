// What every command of the lab sees: its argv, its stdio, and the lab (the cluster through
// the API client, plus the machine it runs on). Commands are plain objects, as in just-bash;
// src/shell adapts them to just-bash's custom commands.

import type { ApiClient } from "../engine/api/client.ts";
import type { Cluster } from "../engine/cluster.ts";
import type { Machine } from "../engine/node/machine.ts";

export interface CmdResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CmdIO {
  stdin: string;
  cwd: string;
  env: Record<string, string>;
  /** Set when the user pressed Ctrl-C; long-running commands stop at the next check. */
  signal?: AbortSignal;
  /**
   * Whether stdout is the student's terminal (ls prints columns and quotes names there, one
   * name a line into a pipe, a file or $(…)). Unknown (undefined) counts as not a terminal,
   * so that `ls | grep x` and `ls > answer.txt` stay right until the shell tells.
   */
  tty?: boolean;
  /**
   * The terminal, for the streams that reach it (absent in pipes, files, $(…) and the headless
   * CLI): a long-running command (kubectl get -w, rollout status) writes here as it goes, so
   * the student sees each line when it happens. What the command returns is printed after.
   */
  write?: { stdout?: (text: string) => void; stderr?: (text: string) => void };
  /** Run a command line in the same shell (sudo, xargs-like wrappers). */
  exec?: (line: string) => Promise<CmdResult>;
}

export interface LabContext {
  cluster: Cluster;
  /** The machine this shell runs on (controlplane, node01 …). */
  machine: Machine;
  /** The API client as configured by this machine's kubeconfig; throws ConnectionRefused when the API server is down. */
  api(): ApiClient;
  /** Virtual time now, in ms since the epoch. */
  now(): number;
  /** Let time pass: in the CLI and tests the virtual clock jumps; in the page it waits in real time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Resolve a path against the shell's cwd. */
  resolve(cwd: string, path: string): string;
  /**
   * Open the page's editor on a file of this machine (kubectl edit, vi): resolves when the
   * student closes it ({ saved }), or null when the lab has no editor (the headless CLI).
   */
  openEditor(path: string, mode: "vim" | "nano"): Promise<{ saved: boolean } | null>;
  /**
   * The student's terminal, when the command runs from a line typed at the prompt with its
   * stdin not redirected (term.IsTerminal(os.Stdin)); null in scripts, `ssh HOST CMD`, scenario
   * steps. `take` hands the terminal to an interactive program (kubectl exec -it POD -- sh)
   * until it ends and resolves with its exit status; `before` is what the command printed so
   * far, shown above the program's prompt.
   */
  terminal?(stdin: string): { take(program: InteractiveProgram, before: { stdout: string; stderr: string }): Promise<number> } | null;
}

/** A program that reads the lines typed at the terminal (a container's interactive shell). */
export interface InteractiveProgram {
  /** the prompt it shows now */
  prompt(): string;
  /** the host name and working directory it shows (the session's host and cwd meanwhile) */
  where(): { host: string; cwd: string };
  /** one line typed (the terminal's stream: stdout and stderr in one); `exit`: the program ended with that status */
  line(text: string, io: { signal: AbortSignal }): Promise<{ output: string; status: number; exit?: number }>;
  /** Ctrl-D on an empty line */
  eof(): Promise<{ output: string; status: number; exit?: number }>;
  /** ended from outside since the last line (its container stopped): its exit status */
  ended(): number | undefined;
  /** what Tab completes from (the shell's line editing): its folder, home, programs and files; undefined: no completion */
  files?(): { cwd: string; home: string; commands: string[]; listDir(path: string): { name: string; dir: boolean }[] | null } | undefined;
}

export interface Command {
  name: string;
  run(args: string[], io: CmdIO, lab: LabContext): Promise<CmdResult> | CmdResult;
}

export const ok = (stdout = ""): CmdResult => ({ stdout, stderr: "", exitCode: 0 });
export const fail = (stderr: string, exitCode = 1, stdout = ""): CmdResult => ({ stdout, stderr, exitCode });

/** What the interactive shell offers to commands that move between machines (ssh). */
export interface ShellHooks {
  /** ssh HOST: the session continues on HOST */
  pushHost(host: string): void;
  /** ssh HOST CMD: run CMD on HOST and return its output */
  runOn(host: string, line: string, stdin?: string): Promise<CmdResult>;
  /**
   * Open the page's editor on a file of the current machine and wait until it is closed.
   * Resolves { saved } (the session has written the file when saved), or null when the lab has
   * no editor (the headless CLI).
   */
  openEditor(path: string, mode: "vim" | "nano"): Promise<{ saved: boolean } | null>;
}
