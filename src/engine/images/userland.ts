// The programs of the userlands images are built on, as data (the PATH of a container).

/** busybox 1.36's applets in /bin of the busybox image (the ones a CKA student reaches for). */
export const BUSYBOX_APPLETS = [
  "[", "[[", "ash", "awk", "base64", "basename", "cat", "chgrp", "chmod", "chown", "clear", "cp", "cut", "date", "dd", "df", "diff", "dirname",
  "dmesg", "du", "echo", "egrep", "env", "expand", "expr", "false", "fgrep", "find", "fold", "free", "grep", "gunzip", "gzip", "head", "hostname",
  "id", "ifconfig", "ip", "kill", "killall", "less", "ln", "ls", "md5sum", "mkdir", "more", "mount", "mv", "nc", "netstat", "nl", "nslookup", "od",
  "ping", "printenv", "printf", "ps", "pwd", "readlink", "realpath", "rev", "rm", "rmdir", "route", "sed", "seq", "sh", "sha1sum", "sha256sum",
  "sleep", "sort", "split", "stat", "strings", "tac", "tail", "tar", "tee", "telnet", "test", "timeout", "top", "touch", "tr", "traceroute", "true",
  "umount", "uname", "uniq", "unexpand", "uptime", "vi", "wc", "wget", "which", "whoami", "xargs", "yes", "zcat",
];

/** A Debian bookworm base (dash as sh, bash, coreutils, grep, sed, mawk, findutils, diffutils, gzip, tar, hostname). */
export const DEBIAN_PROGRAMS = [
  "[", "awk", "base64", "basename", "bash", "cat", "chgrp", "chmod", "chown", "clear", "cp", "cut", "dash", "date", "dd", "df", "diff", "dirname",
  "du", "echo", "egrep", "env", "expand", "expr", "false", "fgrep", "find", "fold", "grep", "gunzip", "gzip", "head", "hostname", "id", "kill",
  "ln", "ls", "md5sum", "mkdir", "mount", "mv", "nl", "od", "paste", "printenv", "printf", "pwd", "readlink", "realpath", "rev", "rm", "rmdir",
  "sed", "seq", "sh", "sha1sum", "sha256sum", "sleep", "sort", "split", "stat", "strings", "tac", "tail", "tar", "tee", "test", "timeout",
  "touch", "tr", "true", "umount", "uname", "uniq", "unexpand", "wc", "which", "whoami", "xargs", "yes", "zcat",
];
