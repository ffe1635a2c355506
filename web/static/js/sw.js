/* Maraude field app's service worker (scope /app): opens the app with no network.

   Three caches, each with one rule:
   - the shell (scripts, styles, icons): kept at install, one per version;
   - public copies (the directory of the team's area, the basemap tiles): refreshed when online;
   - private pages (the app's pages, which name the user; tonight's round sheets): forgotten at
     logout, when the server says the session has ended, and round sheets after 24 hours.
   Nothing else is kept: API answers go to the network and nowhere else. */
"use strict";
var VERSION = "__VERSION__";
var SHELL = "maraude-shell-" + VERSION;
var PUBLIC = "maraude-public";
var PRIVATE = "maraude-private";
var TONIGHT = "maraude-tonight";
var ASSETS = [/*SHELL*/];
var DAY_MS = 24 * 3600 * 1000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("maraude-shell-") === 0 && k !== SHELL; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The page asks: forget everything private (logout, session ended, a day passed). An answer
   still on its way when it asked is not kept afterwards. */
var forgottenAt = 0;
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "forget" || data.type === "forget-tonight") forgottenAt = Date.now();
  var done = data.type === "forget" ? Promise.all([caches.delete(PRIVATE), caches.delete(TONIGHT)])
    : data.type === "forget-tonight" ? caches.delete(TONIGHT) : Promise.resolve();
  event.waitUntil(done.then(function () { if (event.ports[0]) event.ports[0].postMessage("done"); }));
});

function fresh(response) {
  var date = Date.parse(response.headers.get("Date") || "");
  return !isNaN(date) && Date.now() - date < DAY_MS;
}

/* Network first; on success keep a copy (pages only when they are the page asked for, not a
   redirect to the login form); with no network, the copy. */
function networkFirst(request, cacheName, options) {
  var asked = Date.now();
  return fetch(request).then(function (response) {
    if (response.type === "opaqueredirect" || response.status === 401 || response.redirected) {
      caches.delete(PRIVATE); caches.delete(TONIGHT);
    } else if (response.ok && (cacheName === PUBLIC || asked > forgottenAt)) {
      var copy = response.clone();
      caches.open(cacheName).then(function (c) { return c.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.open(cacheName).then(function (c) { return c.match(request, options); }).then(function (hit) {
      if (hit && (cacheName !== TONIGHT || fresh(hit))) return hit;
      if (hit) caches.delete(TONIGHT);
      return new Response("", { status: 503, statusText: "Offline" });
    });
  });
}

/* From the cache at once, refreshed behind. */
function staleWhileRevalidate(request) {
  return caches.open(PUBLIC).then(function (c) {
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
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (hit) { return hit || staleWhileRevalidate(request); }));
  } else if (path === "/app" || path === "/app/report") {
    event.respondWith(networkFirst(request, PRIVATE, { ignoreSearch: true }));
  } else if (path.indexOf("/app/rounds/") === 0) {
    event.respondWith(networkFirst(request, TONIGHT));
  } else if (path === "/app/offline/directory.json" || path === "/app/manifest.webmanifest") {
    event.respondWith(networkFirst(request, PUBLIC, { ignoreSearch: true }));
  } else if (path.indexOf("/api/v1/basemap") === 0) {
    event.respondWith(staleWhileRevalidate(request));
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
