// The text of files in the images' filesystems, as the images ship them. Each text says where
// it was taken from. Only files whose real text was found are here: a file left out is absent
// from the container (cat says "No such file or directory") rather than invented.
//
// Sources (read through the public-code index):
// - Debian bookworm's /etc/passwd and /etc/group: base-passwd 3.6.x passwd.master / group.master
//   (passwd.master of base-passwd 3.6.0: Zeno-sole/base-passwd@cc1689805574e401d0e91a69557addac494d827a
//   passwd.master; 3.6.1's debian/changelog "passwd.master: Add _apt user"; 3.6.0 "Stop creating
//   the gnats user and group"), with "*" as "x" as in the images; the exact files as `cat` prints
//   them in a running nginx:1.25.3 (bookworm) container, users nginx added, were checked against
//   a transcript of `cat /etc/passwd` / `cat /etc/group` in that container (index id 48074812116).
// - Debian 12 /etc/os-release: base-files 12.x (bookworm), identical in every `cat /etc/os-release`
//   of a bookworm system found (index ids 56218459918, 44591633923).
// - nginx's Debian user (nginx:1.25+ Dockerfile: `useradd --system --gid nginx --no-create-home
//   --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx`): same transcript.
// - redis's user (docker-library/redis Dockerfile `groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis`):
//   "redis:x:999:999::/home/redis:/bin/sh" as `cat /etc/passwd` shows it in redis containers (index id 67480444442).
// - Alpine's /etc/passwd and /etc/group: alpine-baselayout 3.4+ (Alpine 3.17 and later), as
//   `docker run alpine cat /etc/passwd` / `/etc/group` print them (index ids 4271792287, 70890302187).
// - Alpine's /etc/os-release: the alpine-release package (kubernetes/website
//   content/en/docs/tasks/configure-pod-container/image-volumes.md shows 3.21.3's, index id 17875631224).
// - nginx's alpine user (docker-nginx alpine-slim Dockerfile `adduser -S -D -H -u 101 -h /var/cache/nginx
//   -s /sbin/nologin -G nginx -g nginx nginx`): "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin", "nginx:x:101:nginx".
// - busybox's /etc/passwd: buildroot's skeleton as `docker run busybox cat /etc/passwd` prints it
//   (index ids 5726632671, 16744473715); /etc/group: the busybox rootfs of runc's libcontainer
//   integration tests (index id 10141630372).
// - nginx's /etc/nginx/nginx.conf and /etc/nginx/conf.d/default.conf: nginx.org's packages
//   (nginx/pkg-oss, installed 0644 by alpine/APKBUILD-base.in `install -Dm644 nginx.conf
//   ./etc/nginx/nginx.conf`); the pid path is /run/nginx.pid from 1.27.5 and 1.28.0 on (nginx/pkg-oss
//   PR #26 "Use /run instead of a deprecated /var/run", nginx/ansible-role-nginx-config PR #555);
//   default.conf as the image's 10-listen-on-ipv6-by-default.sh leaves it at start
//   (nginxinc/docker-nginx mainline/debian/10-listen-on-ipv6-by-default.sh: `sed -i -E 's,listen
//   80;,listen       80;\n    listen  [::]:80;,'`), checked against `cat` in an nginx:1.25.3 container
//   (index id 48074812116).
// - nginx's /usr/share/nginx/html/50x.html (1.25+, the dark-theme pages like the catalog's index.html):
//   the body an nginx container served for a 502 through default.conf's `error_page 500 502 503 504
//   /50x.html` (index id 27268277644).
// - Ubuntu's /etc/os-release (base-files; the point release of the catalog's build dates): 24.04.2 as
//   `docker run ubuntu:latest cat /etc/os-release` printed it (index id 7781020063), 22.04.5 and
//   20.04.6 as on those releases (index ids 26113776110, 42968973979).
// Left out (no copy of the text for these image versions was found): nginx's mime.types,
// fastcgi_params, scgi_params, uwsgi_params; httpd's conf/httpd.conf; the passwd/group of postgres,
// mysql, memcached, node, python and the -alpine variants of redis/httpd/postgres.

/**
 * Debian's /etc/os-release (a symlink to ../usr/lib/os-release): the same lines in 10 (buster),
 * 11 (bullseye) and 12 (bookworm) — buster's as `docker exec` printed it in nginx:1.19.6
 * (index id 19566977215), bullseye's in nginx of that time and python:3.6 (index ids 30277618188,
 * 47384444284).
 */
export function debianOsRelease(version: "10" | "11" | "12"): string {
  const codename = { "10": "buster", "11": "bullseye", "12": "bookworm" }[version];
  return `PRETTY_NAME="Debian GNU/Linux ${version} (${codename})"
NAME="Debian GNU/Linux"
VERSION_ID="${version}"
VERSION="${version} (${codename})"
VERSION_CODENAME=${codename}
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;
}
export const DEBIAN_12_OS_RELEASE = debianOsRelease("12");

/** Debian bookworm's /etc/passwd (base-passwd 3.6.1). */
export const DEBIAN_12_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;

/** Debian bookworm's /etc/group (base-passwd 3.6.1). */
export const DEBIAN_12_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;

/** Alpine's /etc/os-release for a release "3.21.3". */
export function alpineOsRelease(version: string): string {
  const minor = version.split(".").slice(0, 2).join(".");
  return `NAME="Alpine Linux"
ID=alpine
VERSION_ID=${version}
PRETTY_NAME="Alpine Linux v${minor}"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;
}

/** Alpine 3.17+'s /etc/passwd (alpine-baselayout). */
export const ALPINE_PASSWD = `root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;

/** Alpine 3.17+'s /etc/group (alpine-baselayout). */
export const ALPINE_GROUP = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin
adm:x:4:root,daemon
tty:x:5:
disk:x:6:root
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
`;

/** busybox's /etc/passwd (buildroot skeleton). */
export const BUSYBOX_PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

/** busybox's /etc/group (buildroot skeleton). */
export const BUSYBOX_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nobody:x:65534:
`;

/**
 * nginx 1.16–1.19 (buster)'s /etc/passwd: base-passwd 3.5.46 (gnats, irc in /var/run/ircd), apt's
 * _apt (uid 100) and the nginx user of `adduser --system ... --gecos "nginx user"` (",,,"), as
 * `cat /etc/passwd` printed it in those nginx containers (index ids 240544750, 22169895386).
 */
export const NGINX_BUSTER_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/var/run/ircd:/usr/sbin/nologin
gnats:x:41:41:Gnats Bug-Reporting System (admin):/var/lib/gnats:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
_apt:x:100:65534::/nonexistent:/usr/sbin/nologin
nginx:x:101:101:nginx user,,,:/nonexistent:/bin/false
`;

/** Lines an image's Dockerfile adds to /etc/passwd and /etc/group. */
export const NGINX_DEBIAN_USER = { passwd: "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n", group: "nginx:x:101:\n" };
export const NGINX_ALPINE_USER = { passwd: "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n", group: "nginx:x:101:nginx\n" };
export const REDIS_DEBIAN_USER = { passwd: "redis:x:999:999::/home/redis:/bin/sh\n", group: "redis:x:999:\n" };

/**
 * nginx.org packages' /etc/nginx/nginx.conf: pid /run/nginx.pid from 1.27.5 / 1.28.0 on,
 * /var/run/nginx.pid before; error_log at notice in the 1.25+ images (nginx/docker-nginx issue
 * #940, nginx:1.25.1-alpine-slim: "official docker image is built with level `notice`").
 */
export const nginxConf = (pid: "/run/nginx.pid" | "/var/run/nginx.pid") => `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        ${pid};


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

/** /etc/nginx/conf.d/default.conf after the entrypoint's 10-listen-on-ipv6-by-default.sh. */
export const NGINX_DEFAULT_CONF = String.raw`server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\.ht {
    #    deny  all;
    #}
}

`;

/** nginx's html/50x.html, installed as /usr/share/nginx/html/50x.html. */
export const NGINX_50X_HTML = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

/** Ubuntu 24.04 (noble)'s os-release of a point release ("24.04.1": the lab's nodes, "24.04.2": the ubuntu image). */
export function nobleOsRelease(point: string): string {
  return `PRETTY_NAME="Ubuntu ${point} LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="${point} LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`;
}

/** Ubuntu's /etc/os-release (a symlink to ../usr/lib/os-release) of the catalog's tags. */
export const UBUNTU_OS_RELEASE: Record<string, string> = {
  "24.04": nobleOsRelease("24.04.2"),
  "22.04": `PRETTY_NAME="Ubuntu 22.04.5 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.5 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`,
  "20.04": `NAME="Ubuntu"
VERSION="20.04.6 LTS (Focal Fossa)"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="Ubuntu 20.04.6 LTS"
VERSION_ID="20.04"
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
VERSION_CODENAME=focal
UBUNTU_CODENAME=focal
`,
};
