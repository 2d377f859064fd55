// kubelab's service worker, written by hand: the lab works offline after the first visit.
// The build (vite.config.ts, plugin "kubelab-precache") writes the version and the list of
// every built file into the two constants below; a new build is a new version, its own cache,
// and the old version's cache is deleted once the new one is active. Only requests to this
// lab's own folder are answered; nothing is ever fetched from anywhere else.

const VERSION = "dev";
const FILES = [];

const SCOPE = new URL("./", self.location.href).href;
const PREFIX = `kubelab:${new URL(SCOPE).pathname}:`;
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      if (VERSION === "dev") return; // the dev server: nothing to keep
      const cache = await caches.open(CACHE);
      // "./" is index.html (navigations to the folder); every chunk, the worker, monaco's too
      await cache.addAll(["./", ...FILES].map((f) => new Request(new URL(f, SCOPE).href, { cache: "no-store" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || !req.url.startsWith(SCOPE) || VERSION === "dev") return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const url = new URL(req.url);
      url.search = "";
      url.hash = "";
      // a page of this lab (index.html, the folder, any #/task) is the cached app shell
      const key = req.mode === "navigate" || url.href === SCOPE + "index.html" ? SCOPE : url.href;
      const hit = await cache.match(key);
      if (hit) return hit;
      try {
        return await fetch(req);
      } catch (err) {
        if (req.mode === "navigate") {
          const shell = await cache.match(SCOPE);
          if (shell) return shell;
        }
        throw err;
      }
    })(),
  );
});
