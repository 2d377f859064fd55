// vi / vim / nano: open the page's editor on the file and wait until it is closed, as the
// terminal waits for the real editor. The headless lab has no editor and says so.

import type { Command, ShellHooks } from "../types.ts";

export function editorCommand(name: "vi" | "vim" | "nano", hooks: ShellHooks): Command {
  const mode = name === "nano" ? "nano" : "vim";
  return {
    name,
    async run(args, io, lab) {
      const files = args.filter((a) => !a.startsWith("-") && !a.startsWith("+"));
      if (files.length > 1) {
        return { stdout: "", stderr: `kubelab: ${name} edits one file at a time here\n`, exitCode: 1 };
      }
      if (!files.length) {
        return { stdout: "", stderr: `kubelab: give ${name} a file to edit (${name} FILE)\n`, exitCode: 1 };
      }
      const path = lab.resolve(io.cwd, files[0]);
      const fs = lab.machine.fs;
      if (fs.isDir(path)) {
        return { stdout: "", stderr: `kubelab: ${files[0]} is a directory\n`, exitCode: 1 };
      }
      const parent = path.slice(0, path.lastIndexOf("/")) || "/";
      if (!fs.isDir(parent) && mode === "vim") {
        // vim opens the buffer and fails only at :w ("E212: Can't open file for writing")
      }
      const res = await hooks.openEditor(path, mode);
      if (res === null) {
        return { stdout: "", stderr: `kubelab: there is no interactive editor in the headless lab; edit files with sed -i, a heredoc (cat <<EOF > ${files[0]}) or kubectl\n`, exitCode: 1 };
      }
      return { stdout: "", stderr: "", exitCode: 0 };
    },
  };
}
