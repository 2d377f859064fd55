// What one command line may cost: the limits that keep a runaway command (an endless loop, a
// fork-bomb-like recursion, `yes`, a 10 MB paste) from freezing the lab, and the messages the
// student sees when one is reached. just-bash enforces most of them (executionLimits); the
// session caps what reaches the terminal and splits huge pastes into commands.

import type { BashOptions } from "just-bash";

type ExecutionLimits = NonNullable<BashOptions["executionLimits"]>;
import { version } from "../../package.json";
import { escapedFsError } from "../commands/just-bash-fs.ts";

export const KUBELAB_VERSION: string = version;

/** Bytes of stdout (and of stderr) one command line shows; the rest is dropped with a notice. */
export const MAX_SHOWN_OUTPUT = 2 * 1024 * 1024;
/** just-bash's parser refuses a script longer than this (characters). */
export const MAX_PARSE_CHARS = 1_000_000;
/** just-bash's parser also stops after 10 000 statements: a paste is cut into pieces of fewer lines. */
export const PASTE_CHUNK_LINES = 500;
/** A paste longer than this is run as a sequence of complete commands. */
export const PASTE_CHUNK_CHARS = 256 * 1024;
/** A paste stops after this many lines (as a script stops after maxCommandCount commands). */
export const MAX_PASTE_LINES = 50_000;
/** `yes` stops after this much output (nothing reads a pipe lazily here). */
export const YES_MAX_BYTES = 4 * 1024 * 1024;

export const EXECUTION_LIMITS: ExecutionLimits = {
  maxCommandCount: 50_000,
  maxLoopIterations: 1_000_000,
  maxCallDepth: 100,
  maxSubstitutionDepth: 50,
  maxSourceDepth: 100,
  maxBraceExpansionResults: 100_000,
  maxArrayElements: 1_000_000,
  maxStringLength: 32 * 1024 * 1024,
  maxHeredocSize: 32 * 1024 * 1024,
  maxOutputSize: 64 * 1024 * 1024,
  maxSourceBytes: 32 * 1024 * 1024,
  maxAwkIterations: 1_000_000,
  maxSedIterations: 1_000_000,
  maxJqIterations: 1_000_000,
  maxGlobOperations: 1_000_000,
};

const LIMIT_HINT = "the lab stops runaway commands";

/** Rewrite just-bash's limit messages ("…, increase executionLimits.X") as bash-like lines. */
export function translateLimitErrors(stderr: string): string {
  if (!stderr.includes("executionLimits") && !stderr.includes("Input too large")) return stderr;
  return stderr
    .replace(/^bash: (.+?): maximum recursion depth \((\d+)\) exceeded, increase executionLimits\.maxCallDepth$/gm, "bash: $1: maximum function nesting level exceeded ($2)")
    .replace(/^bash: too many commands executed \(>(\d+)\), increase executionLimits\.maxCommandCount$/gm, `kubelab: stopped after $1 commands in one command line (${LIMIT_HINT})`)
    .replace(/^bash: (for|while|until) loop: too many iterations \((\d+)\), increase executionLimits\.maxLoopIterations$/gm, `kubelab: stopped a $1 loop after $2 iterations (${LIMIT_HINT})`)
    .replace(/^(?:bash: )?(.+?),? increase executionLimits\.\w+$/gm, `kubelab: stopped: $1 (${LIMIT_HINT})`)
    .replace(/^bash: syntax error: Parse error at \d+:\d+: Input too large: (\d+) bytes exceeds limit of (\d+)$/gm, (_m, n: string, max: string) => tooLong(Number(n), Number(max)).trimEnd());
}

export function tooLong(n: number, max = MAX_PARSE_CHARS): string {
  return `kubelab: the command is too long (${humanBytes(n)}; one command may have up to ${humanBytes(max)}): write long content to a file in smaller pieces\n`;
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, "")} KiB`;
  return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
}

/** Keep the first MAX_SHOWN_OUTPUT characters of a stream; say what was dropped. */
export function capOutput(stdout: string, stderr: string, max = MAX_SHOWN_OUTPUT): { stdout: string; stderr: string } {
  let notice = "";
  if (stdout.length > max) {
    notice += `kubelab: output truncated (showed the first ${humanBytes(max)} of ${humanBytes(stdout.length)}; redirect it to a file and use head, tail or grep)\n`;
    stdout = cutAtLine(stdout, max);
  }
  if (stderr.length > max) {
    const total = stderr.length;
    stderr = cutAtLine(stderr, max);
    notice += `kubelab: error output truncated (showed the first ${humanBytes(max)} of ${humanBytes(total)})\n`;
  }
  return { stdout, stderr: stderr + notice };
}

function cutAtLine(s: string, max: number): string {
  const cut = s.slice(0, max);
  const nl = cut.lastIndexOf("\n");
  return nl > max / 2 ? cut.slice(0, nl + 1) : cut + "\n";
}

/**
 * A bug of the lab (a command threw): one line the student can act on. It names what failed,
 * the command and the version, and asks for a report; it never shows a stack trace.
 */
export function labBugMessage(where: string, command: string, err: unknown): string {
  const what = err instanceof Error ? err.message : String(err);
  const shownCmd = command.length > 200 ? command.slice(0, 200) + "…" : command;
  const firstLine = what.split("\n")[0].slice(0, 200);
  return `kubelab: lab bug in ${where} (${sanitizeJsText(firstLine)}) while running ${JSON.stringify(shownCmd)}; the session goes on — please report this line (kubelab ${KUBELAB_VERSION})\n`;
}

/** Drop JavaScript jargon from an error message shown inside a lab message. */
function sanitizeJsText(s: string): string {
  return s
    .replace(/\b(TypeError|ReferenceError|RangeError|SyntaxError|InternalError)\b:?\s*/g, "")
    .replace(/Cannot read propert(y|ies) of (undefined|null)/g, "missing value")
    .replace(/undefined is not/g, "a missing value is not")
    .replace(/\bat Object\.\S*/g, "");
}

/**
 * Split a long paste into complete commands no longer than chunk characters each where
 * possible (at line ends where the text so far is complete). A single command longer than
 * MAX_PARSE_CHARS stays whole; the caller reports it.
 */
export function splitPaste(text: string, isIncomplete: (t: string) => boolean, chunk = PASTE_CHUNK_CHARS, chunkLines = PASTE_CHUNK_LINES): string[] {
  if (text.length <= chunk && !hasMoreLines(text, chunkLines)) return [text];
  const out: string[] = [];
  let start = 0;
  let nextTry = chunk;
  let nextLines = chunkLines;
  let lines = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl + 1;
    pos = end;
    lines++;
    const len = end - start;
    if (len >= nextTry || lines >= nextLines || end === text.length) {
      const piece = text.slice(start, end);
      if (end === text.length || !isIncomplete(piece)) {
        out.push(piece);
        start = end;
        nextTry = chunk;
        nextLines = chunkLines;
        lines = 0;
      } else {
        nextTry = Math.max(nextTry, Math.ceil(len * 1.5));
        nextLines = Math.ceil(lines * 1.5);
      }
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

function hasMoreLines(text: string, n: number): boolean {
  let pos = -1;
  for (let i = 0; i < n; i++) {
    pos = text.indexOf("\n", pos + 1);
    if (pos < 0) return false;
  }
  return true;
}

export function countLines(text: string): number {
  let n = 0;
  for (let pos = text.indexOf("\n"); pos >= 0; pos = text.indexOf("\n", pos + 1)) n++;
  return n;
}

/** A filesystem error that escaped just-bash (a redirect in a pipeline): bash's own line. */
export function fsErrorMessage(err: unknown): string | null {
  const e = escapedFsError(err);
  if (!e) return null;
  return e.path ? `bash: ${e.path}: ${e.text}\n` : `bash: ${e.text}\n`;
}
