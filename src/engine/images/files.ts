// What an image's filesystem holds besides its programs, as data: the base distribution's
// /etc/os-release, /etc/passwd and /etc/group (with the users the image's Dockerfile adds) and
// the image's own configuration (nginx's /etc/nginx). Only the image versions whose base is
// known get them: each entry below names the tags it is true for. The texts and their sources
// are in files-data.ts.

import {
  ALPINE_GROUP,
  ALPINE_PASSWD,
  BUSYBOX_GROUP,
  BUSYBOX_PASSWD,
  DEBIAN_12_GROUP,
  DEBIAN_12_OS_RELEASE,
  DEBIAN_12_PASSWD,
  NGINX_BUSTER_PASSWD,
  NGINX_ALPINE_USER,
  NGINX_DEBIAN_USER,
  NGINX_50X_HTML,
  NGINX_DEFAULT_CONF,
  REDIS_DEBIAN_USER,
  UBUNTU_OS_RELEASE,
  alpineOsRelease,
  debianOsRelease,
  nginxConf as nginxConfText,
} from "./files-data.ts";

export type ImageEntry =
  | { type: "dir"; path: string; mode: number }
  | { type: "file"; path: string; mode: number; content: string }
  | { type: "symlink"; path: string; target: string };

const DH = "docker.io/library/";

const tagsOf = (list: string) => new Set(list.split(","));

/** Tags of each image whose base distribution is known (from the images' Dockerfiles and build dates). */
const NGINX_1275_DEBIAN = tagsOf("latest,mainline,1,1.27,1.27.5,bookworm,mainline-bookworm,stable,1.28,1.28.0,stable-bookworm");
const NGINX_BOOKWORM = new Set([...NGINX_1275_DEBIAN, ...tagsOf("1.26,1.26.3,1.25,1.25.5")]);
const NGINX_BULLSEYE = tagsOf("1.24,1.24.0,1.23,1.23.4,1.22,1.22.1,1.21,1.21.6,1.20,1.20.2");
const NGINX_BUSTER = tagsOf("1.19,1.19.10,1.18,1.18.0,1.17,1.17.10,1.16,1.16.1");
const NGINX_1275_ALPINE = tagsOf("alpine,mainline-alpine,1-alpine,1.27-alpine,1.27.5-alpine,stable-alpine,1.28-alpine,1.28.0-alpine");
const NGINX_ALPINE = new Set([...NGINX_1275_ALPINE, ...tagsOf("1.26-alpine,1.26.3-alpine,1.25-alpine,1.25.5-alpine")]);
const BOOKWORM: Record<string, Set<string>> = {
  [`${DH}httpd`]: tagsOf("latest,2,2.4,2.4.63,bookworm"),
  [`${DH}redis`]: tagsOf("latest,7,7.4,7.4.2,bookworm,7.2,7.2.7,6,6.2,6.2.17"),
  [`${DH}postgres`]: tagsOf("latest,17,17.5,bookworm,16,16.9,15,15.13"),
  [`${DH}memcached`]: tagsOf("latest,1,1.6,1.6.38,bookworm"),
  [`${DH}node`]: tagsOf("latest,24,current,22,lts,jod,20,iron"),
  [`${DH}python`]: tagsOf("latest,3,3.13,3.13.3,bookworm,3.12,3.12.10,3.11,3.11.12,slim,3.13-slim,3-slim"),
  [`${DH}debian`]: tagsOf("latest,12,bookworm,stable,bookworm-slim,12-slim,stable-slim"),
};
/** Images whose /etc/passwd and /etc/group are bookworm's plus what their Dockerfile adds (found). */
const BOOKWORM_USERS: Record<string, { passwd: string; group: string } | null> = {
  [`${DH}debian`]: null,
  [`${DH}httpd`]: null,
  [`${DH}redis`]: REDIS_DEBIAN_USER,
};
const ALPINE_RELEASE: Record<string, string> = {
  latest: "3.21.3", "3": "3.21.3", "3.21": "3.21.3", "3.21.3": "3.21.3",
  "3.20": "3.20.6", "3.20.6": "3.20.6",
  "3.19": "3.19.7", "3.19.7": "3.19.7",
  "3.18": "3.18.12", "3.18.12": "3.18.12",
};
const UBUNTU_RELEASE: Record<string, string> = { latest: "24.04", "24.04": "24.04", noble: "24.04", "22.04": "22.04", jammy: "22.04", "20.04": "20.04", focal: "20.04" };
const BUSYBOX_SKELETON = tagsOf("latest,1.37,1.37.0,stable,glibc,1.37-glibc,1.37.0-glibc,uclibc,musl,1.37-musl,1.37.0-musl,1.36,1.36.1,1.36-glibc,1.36.1-glibc,1.36-musl,1.36.1-musl,1.35,1.35.0,1.34,1.34.1");

const file = (path: string, content: string, mode = 0o644): ImageEntry => ({ type: "file", path, mode, content });
const dir = (path: string, mode = 0o755): ImageEntry => ({ type: "dir", path, mode });

const osRelease = (text: string): ImageEntry[] => [file("/usr/lib/os-release", text), { type: "symlink", path: "/etc/os-release", target: "../usr/lib/os-release" }];

function debianBase(users: { passwd: string; group: string } | null | undefined): ImageEntry[] {
  const out: ImageEntry[] = osRelease(DEBIAN_12_OS_RELEASE);
  if (users !== undefined) out.push(file("/etc/passwd", DEBIAN_12_PASSWD + (users?.passwd ?? "")), file("/etc/group", DEBIAN_12_GROUP + (users?.group ?? "")));
  return out;
}

function alpineUsers(users?: { passwd: string; group: string }): ImageEntry[] {
  return [file("/etc/passwd", ALPINE_PASSWD + (users?.passwd ?? "")), file("/etc/group", ALPINE_GROUP + (users?.group ?? ""))];
}

/** /etc/nginx of nginx 1.25+ (the pid moved to /run in 1.27.5 / 1.28.0). */
function nginxConf(pidOnRun: boolean): ImageEntry[] {
  return [
    dir("/etc/nginx"),
    dir("/etc/nginx/conf.d"),
    dir("/usr/lib/nginx/modules"),
    { type: "symlink", path: "/etc/nginx/modules", target: "/usr/lib/nginx/modules" },
    file("/etc/nginx/nginx.conf", nginxConfText(pidOnRun ? "/run/nginx.pid" : "/var/run/nginx.pid")),
    file("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF),
    file("/usr/share/nginx/html/50x.html", NGINX_50X_HTML),
  ];
}

const cache = new Map<string, ImageEntry[]>();

/** The files of an image (repository fully qualified) at a tag, in the order they are laid down. */
export function imageFiles(repository: string, tag: string): ImageEntry[] {
  const key = `${repository}:${tag}`;
  let out = cache.get(key);
  if (out) return out;
  out = [];
  if (repository === `${DH}nginx`) {
    if (NGINX_BOOKWORM.has(tag)) out.push(...debianBase(NGINX_DEBIAN_USER), ...nginxConf(NGINX_1275_DEBIAN.has(tag)));
    else if (NGINX_BULLSEYE.has(tag)) out.push(...osRelease(debianOsRelease("11")));
    else if (NGINX_BUSTER.has(tag)) out.push(...osRelease(debianOsRelease("10")), file("/etc/passwd", NGINX_BUSTER_PASSWD));
    else if (NGINX_ALPINE.has(tag)) {
      if (NGINX_1275_ALPINE.has(tag)) out.push(file("/etc/os-release", alpineOsRelease("3.21.3")), file("/etc/alpine-release", "3.21.3\n"));
      out.push(...alpineUsers(NGINX_ALPINE_USER), ...nginxConf(NGINX_1275_ALPINE.has(tag)));
    }
  } else if (BOOKWORM[repository]?.has(tag)) {
    out.push(...debianBase(BOOKWORM_USERS[repository]));
  } else if (repository === `${DH}alpine` && ALPINE_RELEASE[tag]) {
    const v = ALPINE_RELEASE[tag];
    out.push(file("/etc/os-release", alpineOsRelease(v)), file("/etc/alpine-release", `${v}\n`), ...alpineUsers());
  } else if (repository === `${DH}debian` && (tag === "11" || tag === "bullseye")) {
    out.push(...osRelease(debianOsRelease("11")));
  } else if (repository === `${DH}ubuntu` && UBUNTU_RELEASE[tag]) {
    out.push(...osRelease(UBUNTU_OS_RELEASE[UBUNTU_RELEASE[tag]]));
  } else if (repository === `${DH}busybox` && BUSYBOX_SKELETON.has(tag)) {
    out.push(file("/etc/passwd", BUSYBOX_PASSWD), file("/etc/group", BUSYBOX_GROUP));
  }
  cache.set(key, out);
  return out;
}
