/* Maraude field app's service worker (scope /app): opens the app with no network.

   Its caches, each with one rule:
   - the shell (scripts, styles, icons): kept at install, one per version;
   - the directory copy of the team's area (public data): replaced at each sync;
   - the basemap tiles of that area: kept until logout or the end of the session;
   - the app's pages (they name the user) and tonight's round sheets: kept 24 hours at most,
     forgotten at logout and when the server answers that the session has ended.
   Pages and copies are kept under their path alone: one of each, the latest.
   Nothing else is kept: API answers go to the network and nowhere else. A network that does
   not answer within a few seconds counts as none. */
"use strict";
var VERSION = "__VERSION__";
var SHELL = "maraude-shell-" + VERSION;
var PUBLIC = "maraude-public";
var TILES = "maraude-tiles";
var PRIVATE = "maraude-private";
var TONIGHT = "maraude-tonight";
var ASSETS = [/*SHELL*/];
var DAY_MS = 24 * 3600 * 1000;
var PATIENCE_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("maraude-shell-") === 0 && k !== SHELL; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Forgetting: the page asks at logout, when the session has ended, when a day has passed. An
   answer still on its way when it asked is not kept afterwards. */
var forgottenAt = 0, tonightForgottenAt = 0;
function forgetPrivate() {
  forgottenAt = tonightForgottenAt = Date.now();
  return Promise.all([PRIVATE, TONIGHT, TILES].map(function (k) { return caches.delete(k); }));
}
/* The basemap tiles of the team's area, fetched one by one when missing (asked by the page
   after each sync). */
function keepTiles(urls) {
  var asked = Date.now();
  return caches.open(TILES).then(function (c) {
    return urls.reduce(function (p, url) {
      return p.then(function () {
        return c.match(url).then(function (hit) {
          if (hit || !/^\/api\/v1\/basemap\/tiles\//.test(new URL(url, self.location.origin).pathname)) return null;
          if (forgottenAt >= asked) return null;  /* forgotten since: not again */
          return fetch(url).then(function (r) { if (r.ok && forgottenAt < asked) return c.put(url, r); }, function () {});
        });
      });
    }, Promise.resolve());
  });
}
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep-tiles") { event.waitUntil(keepTiles((data.urls || []).slice(0, 600))); return; }
  var done = data.type === "forget" ? forgetPrivate()
    : data.type === "forget-tonight" ? (tonightForgottenAt = Date.now(), caches.delete(TONIGHT)) : Promise.resolve();
  event.waitUntil(done.then(function () { if (event.ports[0]) event.ports[0].postMessage("done"); }));
});

function fresh(response) {
  var date = Date.parse(response.headers.get("Date") || "");
  return !isNaN(date) && Date.now() - date < DAY_MS;
}
function byPath(request) { var u = new URL(request.url); return u.origin + u.pathname; }

/* The network, or a failure after PATIENCE_MS (a bar of signal that answers nothing). */
function patiently(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("no answer")); }, PATIENCE_MS);
    fetch(request).then(function (r) { clearTimeout(timer); resolve(r); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

/* Network first; on success keep a copy under its path (not a redirect to the login form:
   then the session has ended and everything private goes); with no network, the copy while
   it is fresh enough. */
function networkFirst(request, cacheName, key) {
  var asked = Date.now();
  var expires = cacheName === PRIVATE || cacheName === TONIGHT;
  var since = cacheName === TONIGHT ? tonightForgottenAt : forgottenAt;
  return patiently(request).then(function (response) {
    if (response.type === "opaqueredirect" || response.status === 401 || response.redirected) {
      forgetPrivate();
    } else if (response.ok && (!expires || asked > since)) {
      var copy = response.clone();
      caches.open(cacheName).then(function (c) { return c.put(key, copy); });
    }
    return response;
  }, function () {
    /* Looked up without opening the cache: a cache forgotten meanwhile is not made again. */
    return caches.match(key, { cacheName: cacheName }).then(function (hit) {
      if (hit && (!expires || fresh(hit))) return hit;
      if (hit) caches.open(cacheName).then(function (c) { return c["delete"](key); });
      return fetch(request);  /* no copy: let the browser say what the network says */
    });
  });
}

/* From the cache at once, refreshed behind. */
function staleWhileRevalidate(request, cacheName) {
  return caches.open(cacheName).then(function (c) {
    return c.match(request).then(function (hit) {
      var refresh = fetch(request).then(function (response) {
        if (response.ok) c.put(request, response.clone());
        return response;
      });
      if (hit) { refresh.catch(function () {}); return hit; }
      return refresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  var path = url.pathname;
  if (path.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (hit) { return hit || fetch(request); }));
  } else if (path === "/app" || path === "/app/report") {
    event.respondWith(networkFirst(request, PRIVATE, byPath(request)));
  } else if (path.indexOf("/app/rounds/") === 0) {
    event.respondWith(networkFirst(request, TONIGHT, byPath(request)));
  } else if (path === "/app/offline/directory.json" || path === "/app/manifest.webmanifest") {
    event.respondWith(networkFirst(request, PUBLIC, byPath(request)));
  } else if (path.indexOf("/api/v1/basemap") === 0) {
    event.respondWith(staleWhileRevalidate(request, TILES));
  }
});

/* A notification tapped: bring the app forward. */
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (list) {
    for (var i = 0; i < list.length; i++) if (list[i].url.indexOf("/app") >= 0 && "focus" in list[i]) return list[i].focus();
    return self.clients.openWindow("/app");
  }));
});
