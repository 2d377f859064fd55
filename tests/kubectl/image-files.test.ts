// The files the images ship (os-release, passwd, group, nginx's configuration) as `kubectl exec`
// shows them, compared with the real texts in fixtures/image-files (SOURCES.md says where each
// came from); a volume mounted over an image folder hides the image's files there, and what the
// container writes shadows them.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", "image-files", name), "utf8");

const MANIFEST = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: web, image: nginx}
---
apiVersion: v1
kind: Pod
metadata: {name: web-alpine}
spec:
  containers:
  - {name: web, image: "nginx:1.27.5-alpine"}
---
apiVersion: v1
kind: Pod
metadata: {name: web-mounted}
spec:
  volumes:
  - name: conf
    configMap: {name: site}
  - name: html
    emptyDir: {}
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - {name: conf, mountPath: /etc/nginx/conf.d}
    - {name: html, mountPath: /usr/share/nginx/html}
---
apiVersion: v1
kind: Pod
metadata: {name: web-subpath}
spec:
  volumes:
  - name: conf
    configMap: {name: site}
  containers:
  - name: web
    image: nginx
    volumeMounts:
    - {name: conf, mountPath: /etc/nginx/conf.d/default.conf, subPath: site.conf}
    - {name: conf, mountPath: /etc/nginx/conf.d/extra.conf, subPath: site.conf}
---
apiVersion: v1
kind: Pod
metadata: {name: bb}
spec:
  containers:
  - name: bb
    image: busybox
    command: ["sh", "-c", "echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd; sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: bb2}
spec:
  containers:
  - {name: bb, image: "busybox:1.36", command: ["sleep", "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: al}
spec:
  containers:
  - {name: al, image: "alpine:3.21", command: ["sleep", "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: rd}
spec:
  containers:
  - {name: rd, image: redis}
---
apiVersion: v1
kind: Pod
metadata: {name: httpd}
spec:
  containers:
  - {name: httpd, image: "httpd:2.4"}
---
apiVersion: v1
kind: Pod
metadata: {name: n126}
spec:
  containers:
  - {name: web, image: "nginx:1.26"}
---
apiVersion: v1
kind: Pod
metadata: {name: ub}
spec:
  containers:
  - {name: ub, image: ubuntu, command: ["sleep", "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: n124}
spec:
  containers:
  - {name: web, image: "nginx:1.24"}
---
apiVersion: v1
kind: Pod
metadata: {name: old}
spec:
  containers:
  - {name: web, image: "nginx:1.19"}
`;

describe("the images' own files inside containers", () => {
  let s: LabSession;
  const exec = async (line: string) => s.exec(line);
  beforeAll(async () => {
    s = new LabSession({ timeMode: "virtual" });
    s.writeFile("controlplane", "/root/pods.yaml", MANIFEST);
    await s.exec("kubectl create configmap site --from-literal=site.conf='server { listen 8080; }' && kubectl apply -f pods.yaml");
    await s.exec("sleep 60");
  }, 60_000);

  it("nginx (bookworm): nginx.conf, conf.d/default.conf, os-release, passwd and group are the image's", async () => {
    for (const [path, name] of [
      ["/etc/nginx/nginx.conf", "nginx-1.27.5-nginx.conf"],
      ["/etc/nginx/conf.d/default.conf", "nginx-default.conf"],
      ["/etc/os-release", "debian-12-os-release"],
      ["/etc/passwd", "nginx-passwd"],
      ["/etc/group", "nginx-group"],
    ]) {
      const r = await exec(`kubectl exec web -- cat ${path}`);
      expect(r.stderr, path).toBe("");
      expect(r.stdout, path).toBe(fixture(name));
    }
  });

  it("nginx: /etc/nginx lists what the image has there, with the package's modes (0644 files, 0755 folders)", async () => {
    expect((await exec("kubectl exec web -- ls /etc/nginx")).stdout).toBe("conf.d\nmodules\nnginx.conf\n");
    const l = (await exec("kubectl exec web -- ls -l /etc/nginx")).stdout.split("\n");
    expect(l.find((x) => x.endsWith(" nginx.conf"))).toMatch(/^-rw-r--r-- /);
    expect(l.find((x) => /conf\.d\/?$/.test(x))).toMatch(/^drwxr-xr-x /);
    expect((await exec("kubectl exec web -- ls /etc/nginx/conf.d")).stdout).toBe("default.conf\n");
    expect((await exec("kubectl exec web -- readlink /etc/nginx/modules")).stdout).toBe("/usr/lib/nginx/modules\n");
    expect((await exec("kubectl exec web -- readlink /etc/os-release")).stdout).toBe("../usr/lib/os-release\n");
    expect((await exec("kubectl exec web -- ls /usr/share/nginx/html")).stdout).toBe("50x.html\nindex.html\n");
    expect((await exec("kubectl exec web -- cat /usr/share/nginx/html/50x.html")).stdout).toBe(fixture("nginx-50x.html"));
  });

  it("nginx:1.27.5-alpine: Alpine 3.21.3 with the nginx user of the alpine variant", async () => {
    expect((await exec("kubectl exec web-alpine -- cat /etc/os-release")).stdout).toBe(fixture("alpine-3.21.3-os-release"));
    expect((await exec("kubectl exec web-alpine -- cat /etc/passwd")).stdout).toBe(`${fixture("alpine-passwd")}nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n`);
    expect((await exec("kubectl exec web-alpine -- cat /etc/group")).stdout).toBe(`${fixture("alpine-group")}nginx:x:101:nginx\n`);
    expect((await exec("kubectl exec web-alpine -- cat /etc/nginx/nginx.conf")).stdout).toBe(fixture("nginx-1.27.5-nginx.conf"));
    expect((await exec("kubectl exec web-alpine -- cat /etc/nginx/conf.d/default.conf")).stdout).toBe(fixture("nginx-default.conf"));
  });

  it("a configMap mounted at /etc/nginx/conf.d hides the image's default.conf; an emptyDir at the docroot hides index.html", async () => {
    expect((await exec("kubectl exec web-mounted -- ls /etc/nginx/conf.d")).stdout).toBe("site.conf\n");
    const r = await exec("kubectl exec web-mounted -- cat /etc/nginx/conf.d/default.conf");
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("cat: /etc/nginx/conf.d/default.conf: No such file or directory\ncommand terminated with exit code 1\n");
    expect((await exec("kubectl exec web-mounted -- cat /etc/nginx/conf.d/site.conf")).stdout).toBe("server { listen 8080; }");
    // the rest of /etc/nginx is still the image's
    expect((await exec("kubectl exec web-mounted -- cat /etc/nginx/nginx.conf")).stdout).toBe(fixture("nginx-1.27.5-nginx.conf"));
    expect((await exec("kubectl exec web-mounted -- ls -A /usr/share/nginx/html")).stdout).toBe("");
  });

  it("a subPath mount of one file replaces that file only; a subPath onto a new name is a file there, not a folder", async () => {
    expect((await exec("kubectl exec web-subpath -- cat /etc/nginx/conf.d/default.conf")).stdout).toBe("server { listen 8080; }");
    expect((await exec("kubectl exec web-subpath -- ls /etc/nginx/conf.d")).stdout).toBe("default.conf\nextra.conf\n");
    expect((await exec("kubectl exec web-subpath -- find /etc/nginx/conf.d -type f")).stdout).toBe("/etc/nginx/conf.d/default.conf\n/etc/nginx/conf.d/extra.conf\n");
    expect((await exec("kubectl exec web-subpath -- cat /etc/nginx/conf.d/extra.conf")).stdout).toBe("server { listen 8080; }");
    expect((await exec("kubectl exec web-subpath -- cat /etc/nginx/nginx.conf")).stdout).toBe(fixture("nginx-1.27.5-nginx.conf"));
  });

  it("what the container writes shadows the image's file: the main process's /etc/passwd, an exec's edit of default.conf", async () => {
    expect((await exec("kubectl exec bb -- cat /etc/passwd")).stdout).toBe("root:x:0:0:root:/root:/bin/sh\n");
    await exec(`kubectl exec web -- sh -c 'echo "server { listen 81; }" > /etc/nginx/conf.d/default.conf'`);
    expect((await exec("kubectl exec web -- cat /etc/nginx/conf.d/default.conf")).stdout).toBe("server { listen 81; }\n");
    expect((await exec("kubectl exec web -- cat /etc/nginx/nginx.conf")).stdout).toBe(fixture("nginx-1.27.5-nginx.conf"));
  });

  it("busybox, alpine, redis, httpd and ubuntu: their base's files and the users the image adds", async () => {
    expect((await exec("kubectl exec bb2 -- cat /etc/passwd")).stdout).toBe(fixture("busybox-passwd"));
    expect((await exec("kubectl exec bb2 -- cat /etc/group")).stdout).toBe(fixture("busybox-group"));
    expect((await exec("kubectl exec al -- cat /etc/os-release")).stdout).toBe(fixture("alpine-3.21.3-os-release"));
    expect((await exec("kubectl exec al -- cat /etc/alpine-release")).stdout).toBe("3.21.3\n");
    expect((await exec("kubectl exec al -- cat /etc/passwd")).stdout).toBe(fixture("alpine-passwd"));
    expect((await exec("kubectl exec al -- cat /etc/group")).stdout).toBe(fixture("alpine-group"));
    expect((await exec("kubectl exec rd -- cat /etc/passwd")).stdout).toBe(`${fixture("debian-12-passwd")}redis:x:999:999::/home/redis:/bin/sh\n`);
    expect((await exec("kubectl exec rd -- cat /etc/os-release")).stdout).toBe(fixture("debian-12-os-release"));
    expect((await exec("kubectl exec httpd -- cat /etc/os-release")).stdout).toBe(fixture("debian-12-os-release"));
    expect((await exec("kubectl exec httpd -- cat /etc/passwd")).stdout).toBe(fixture("debian-12-passwd"));
    expect((await exec("kubectl exec ub -- cat /etc/os-release")).stdout).toBe(fixture("ubuntu-24.04-os-release"));
  });

  it("nginx:1.26 (before the pid moved to /run): its nginx.conf says /var/run/nginx.pid", async () => {
    expect((await exec("kubectl exec n126 -- cat /etc/nginx/nginx.conf")).stdout).toBe(fixture("nginx-1.25-nginx.conf"));
    expect((await exec("kubectl exec n126 -- cat /etc/nginx/conf.d/default.conf")).stdout).toBe(fixture("nginx-default.conf"));
    expect((await exec("kubectl exec n126 -- cat /etc/passwd")).stdout).toBe(fixture("nginx-passwd"));
  });

  it("older nginx: buster's (1.16–1.19) and bullseye's (1.20–1.24) os-release, buster's passwd; no nginx.conf of those versions was found, so none is invented", async () => {
    expect((await exec("kubectl exec old -- cat /etc/os-release")).stdout).toBe(fixture("debian-10-os-release"));
    expect((await exec("kubectl exec old -- cat /etc/passwd")).stdout).toBe(fixture("nginx-buster-passwd"));
    expect((await exec("kubectl exec n124 -- cat /etc/os-release")).stdout).toBe(fixture("debian-11-os-release"));
    for (const pod of ["old", "n124"]) {
      const r = await exec(`kubectl exec ${pod} -- cat /etc/nginx/nginx.conf`);
      expect(r.stderr).toBe("cat: /etc/nginx/nginx.conf: No such file or directory\ncommand terminated with exit code 1\n");
    }
  });
});
