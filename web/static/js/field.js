/* Maraude field app: what the team pages keep on the phone to work with no signal, and the
   reports waiting to be sent.

   - Cache Storage (the service worker, sw.js): the app's files, the directory copy of the
     team's area and its basemap tiles, the app's pages and tonight's round sheets (these two
     kept 24 hours at most).
   - IndexedDB "maraude": "outbox" (round reports, counts only, by their key, until the server
     has them) and "private" (tonight's rounds and zones, the association's alerts).
   - localStorage: nothing.
   Private things are forgotten at logout (the reports not sent yet too, after asking), when
   the server says the session has ended (the reports waiting are kept, by user, until that
   user logs in again), on the login form (forget.js), and tonight's rounds and zones 24 hours
   after they came. A network that does not answer within seconds counts as none. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el;
  var DB = "maraude";
  var listeners = [];
  var state = { online: navigator.onLine, copy: null, waiting: 0, refused: 0 };

  /* ---- IndexedDB, promised ---- */
  var opened = null, forgetting = false;
  function db() {
    /* Once forgetting has begun (logout, session ended), nothing is written again. */
    if (forgetting) return Promise.reject(new Error("forgotten"));
    if (!opened) opened = new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () {
        var d = req.result;
        if (!d.objectStoreNames.contains("outbox")) d.createObjectStore("outbox", { keyPath: "key" });
        if (!d.objectStoreNames.contains("private")) d.createObjectStore("private", { keyPath: "name" });
      };
      req.onsuccess = function () { req.result.onversionchange = function () { req.result.close(); opened = null; }; resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
    return opened;
  }
  function store(name, mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction(name, mode), s = tx.objectStore(name), out;
        var req = fn(s);
        if (req) req.onsuccess = function () { out = req.result; };
        tx.oncomplete = function () { resolve(out); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function get(name, key) { return store(name, "readonly", function (s) { return s.get(key); }); }
  function put(name, value) { return store(name, "readwrite", function (s) { return s.put(value); }); }
  function del(name, key) { return store(name, "readwrite", function (s) { return s["delete"](key); }); }
  function all(name) { return store(name, "readonly", function (s) { return s.getAll(); }); }

  function changed() { listeners.forEach(function (fn) { fn(state); }); }

  /* ---- Forgetting ---- */
  /* Tell the worker too: an answer on its way is not kept afterwards. */
  function tellWorker(type) {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!sw) return Promise.resolve();
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { resolve(); };
      sw.postMessage({ type: type }, [channel.port2]);
      setTimeout(resolve, 1000);
    });
  }
  function forgetTonight() {
    return Promise.all([del("private", "tonight"), tellWorker("forget-tonight"), caches.delete("maraude-tonight")]);
  }
  /* Everything: IndexedDB (reports not sent included), every cache but the app's files,
     localStorage, session storage (logout, after asking about reports not sent). */
  function forgetAll() {
    forgetting = true;
    var steps = [window.MaraudeForget ? window.MaraudeForget() : Promise.resolve(), tellWorker("forget")];
    steps.push((opened || Promise.reject(new Error("closed"))).then(function (d) { d.close(); opened = null; }, function () {}).then(function () {
      return new Promise(function (resolve) {
        var req = indexedDB.deleteDatabase(DB);
        req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
      });
    }));
    return Promise.all(steps);
  }
  /* The session has ended on the server: forget what is private, keep the reports waiting
     (by user: sent when that user logs in again), and go to the login form. */
  function sessionEnded() {
    if (forgetting) return Promise.resolve();
    forgetting = true;
    return (window.MaraudeForget ? window.MaraudeForget() : Promise.resolve()).then(function () {
      window.location.replace("/app/login?lang=" + C.lang);
    });
  }

  /* ---- Network: an answer within `ms`, or none (one bar of signal that answers nothing) ---- */
  function patiently(path, options, ms) {
    var abort = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (abort) abort.abort(); }, ms);
    var asked = Object.assign({ credentials: "same-origin" }, options || {}, abort ? { signal: abort.signal } : {});
    return fetch(path, asked).then(function (r) {
      clearTimeout(timer);
      if (!state.online) { state.online = navigator.onLine; changed(); }
      return r;
    }, function (e) {
      clearTimeout(timer);
      if (state.online) { state.online = false; changed(); }
      throw e;
    });
  }
  function getJSON(path) {
    return patiently(path, { headers: { Accept: "application/json" } }, 8000).then(function (r) {
      if (r.status === 401) { sessionEnded(); throw r; }
      if (!r.ok) throw r;
      return r.json();
    });
  }

  /* ---- The directory copy ---- */
  var COPY = "/app/offline/directory.json";
  function useCopy(copy) {
    if (copy) { state.copy = copy; changed(); if (performance.mark) performance.mark("maraude-copy"); }
    return copy;
  }
  /* The copy kept on the phone, at once (no round trip through the worker). */
  function keptCopy() {
    return window.caches ? caches.open("maraude-public").then(function (c) { return c.match(location.origin + COPY); })
      .then(function (hit) { return hit ? hit.json() : null; }).then(useCopy, function () { return null; }) : Promise.resolve(null);
  }
  /* A fresh copy from the server (the worker keeps it), when there is a network. */
  function freshCopy() {
    if (!navigator.onLine) return Promise.resolve(state.copy);
    return patiently(COPY, {}, 15000).then(function (r) {
      if (r.status === 401) { sessionEnded(); return null; }
      return r.ok ? r.json().then(useCopy) : state.copy;
    }, function () { return state.copy; });
  }

  /* ---- "From here" with no network: the copy, straight-line distances ---- */
  /* A copied service as the API gives one, its opening state worked out on the phone. */
  function asFeature(s, copy, now, origin) {
    var p = Object.assign({}, s), secs = now / 1000, valid = Date.parse(copy.valid_until) / 1000;
    var made = Date.parse(copy.made_at) / 1000 - 60, unknown = s.unknown || [];
    delete p.open; delete p.lon; delete p.lat;
    p.closes_at = null; p.next_opening = null;
    /* Past the copy's days, or before it was made (a phone's clock set wrong): not known. */
    var inUnknown = unknown.some(function (o) { return o[0] <= secs && secs < o[1]; });
    if (s.open === null || secs >= valid || secs < made || inUnknown) {
      p.opening_state = "unknown"; p.open_now = null;
      p.opening_group = s.categories.some(function (c) { return copy.always_open.indexOf(c) >= 0; }) ? "around-the-clock" : "unknown";
    } else {
      var span = s.open.filter(function (o) { return o[0] <= secs && secs < o[1]; })[0];
      if (span) {
        p.opening_state = "open"; p.open_now = true;
        p.closes_at = span[1] >= valid - 60 ? null : new Date(span[1] * 1000).toISOString();
        p.opening_group = p.closes_at ? "open" : "around-the-clock";
      } else {
        var next = s.open.filter(function (o) { return o[0] > secs; })[0];
        p.opening_state = "closed"; p.open_now = false; p.opening_group = "closed";
        p.next_opening = next ? new Date(next[0] * 1000).toISOString() : null;
      }
    }
    /* What the service said for a while, shown only while it holds. */
    var said = p.temporary_message;
    if (said && (Date.parse(said.end) <= now || (said.start && Date.parse(said.start) > now))) p.temporary_message = null;
    if (p.saturated_until && Date.parse(p.saturated_until) <= now) p.saturated_until = null;
    var located = s.lon !== undefined && s.lat !== undefined;
    if (located && origin) p.distance_m = R.haversine(origin, [s.lon, s.lat]);
    return { type: "Feature", id: s.id, geometry: located ? { type: "Point", coordinates: [s.lon, s.lat] } : null, properties: p };
  }
  var GROUP_ORDER = ["open", "around-the-clock", "unknown", "closed"];
  /* The k nearest of a kind (open now: k known open and k of unknown hours, apart, as the
     server does), and the lines to call for that kind that answer now. */
  function nearestFromCopy(lon, lat, category, openNow, k) {
    var copy = state.copy;
    if (!copy) return null;
    var now = Date.now(), origin = [lon, lat];
    var of = function (s) { return s.categories.indexOf(category) >= 0; };
    var found = copy.services.filter(of).map(function (s) { return asFeature(s, copy, now, origin); })
      .sort(function (a, b) { return a.properties.distance_m - b.properties.distance_m; });
    if (openNow) {
      var known = found.filter(function (f) { return f.properties.opening_group === "open" || f.properties.opening_group === "around-the-clock"; }).slice(0, k);
      var unknown = found.filter(function (f) { return f.properties.opening_group === "unknown"; }).slice(0, k);
      found = known.concat(unknown).sort(function (a, b) {
        return GROUP_ORDER.indexOf(a.properties.opening_group) - GROUP_ORDER.indexOf(b.properties.opening_group) || a.properties.distance_m - b.properties.distance_m;
      });
    } else found = found.slice(0, k);
    var lines = copy.lines.filter(of).map(function (s) { return asFeature(s, copy, now, null); })
      .filter(function (f) { return f.properties.open_now !== false; });
    return { features: found, lines: lines, copy: copy };
  }
  function copied(id) {
    var copy = state.copy;
    if (!copy) return null;
    var all = copy.services.concat(copy.lines);
    for (var i = 0; i < all.length; i++) if (all[i].id === id) return all[i];
    return null;
  }

  /* ---- Tonight: rounds and zones, 24 hours at most, this user's only ---- */
  function tonight() {
    return get("private", "tonight").then(function (entry) {
      if (!entry) return null;
      var until = Math.min(Date.parse(entry.data.expires), (entry.received || 0) + 24 * 3600 * 1000);
      if (entry.user !== C.user || !(until > Date.now())) {
        return forgetTonight().then(function () { return null; });
      }
      return entry.data;
    }, function () { return null; });
  }
  function syncTonight() {
    return getJSON("/app/offline/tonight.json").then(function (data) {
      if (data.user !== C.user) return null;
      return forgetTonight().then(function () {
        return put("private", { name: "tonight", user: C.user, received: Date.now(), data: data });
      }).then(function () {
        /* Keep tonight's round sheets for a round with no signal (the worker keeps them). */
        window.dispatchEvent(new Event("maraude-tonight"));
        return Promise.all(data.rounds.map(function (r) {
          return patiently(r.sheet, {}, 20000).then(function (answer) { return answer.arrayBuffer(); }).catch(function () {});
        }));
      }).then(function () { return data; });
    }, function () { return null; });
  }

  /* ---- Alerts: fetched with every sync, notified once ---- */
  function notify(alerts) {
    return get("private", "alerts-seen").then(function (seen) {
      var known = (seen && seen.ids) || [], fresh = alerts.filter(function (a) { return known.indexOf(a.id) < 0; });
      if (fresh.length && window.Notification && Notification.permission === "granted" && navigator.serviceWorker) {
        navigator.serviceWorker.ready.then(function (reg) {
          fresh.forEach(function (a) {
            var m = a.messages[C.lang] || a.messages.fr;
            reg.showNotification(m.headline, { body: m.description, tag: a.id, lang: a.messages[C.lang] ? C.lang : "fr", icon: "/static/img/app-192.png" });
          });
        });
      }
      return put("private", { name: "alerts-seen", ids: alerts.map(function (a) { return a.id; }) });
    });
  }
  /* What the phone shows of an alert; never the zones and rounds it concerns (their names). */
  function kept(a) {
    return { id: a.id, kind: a.kind, severity: a.severity, expires: a.expires, messages: a.messages,
      circle: a.circle, field: a.field, confirmed: a.confirmed, situation: a.situation };
  }
  function syncAlerts() {
    return getJSON("/api/v1/alerts").then(function (body) {
      var alerts = body.alerts.map(kept);
      return put("private", { name: "alerts", user: C.user, received: Date.now(), alerts: alerts })
        .then(function () { return notify(alerts); }).then(function () {
          window.dispatchEvent(new CustomEvent("maraude-alerts", { detail: alerts }));
          return alerts;
        });
    }, function () {
      return storedAlerts();
    });
  }

  function storedAlerts() {
    return get("private", "alerts").then(function (e) {
      if (!e || e.user !== C.user) return [];
      var now = Date.now();
      return e.alerts.filter(function (a) { return Date.parse(a.expires) > now; });
    }, function () { return []; });
  }

  /* ---- The outbox: a report is kept until the server has it, sent once per key ---- */
  function counts() {
    return all("outbox").then(function (items) {
      var mine = items.filter(function (i) { return i.user === C.user; });
      state.waiting = mine.filter(function (i) { return i.state === "waiting"; }).length;
      state.refused = mine.filter(function (i) { return i.state === "refused"; }).length;
      changed();
      return mine;
    }, function () { return []; });
  }
  function sendOne(item) {
    return patiently("/api/v1/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(item.body)
    }, 20000).then(function (r) {
      if (r.status === 201 || r.status === 200) {
        return r.json().then(function (stored) {
          item.state = "sent"; item.sent = new Date().toISOString(); item.result = stored;
          return put("outbox", item).then(function () { return true; });
        });
      }
      if (r.status === 401) { sessionEnded(); return false; }
      if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
        return r.json().catch(function () { return {}; }).then(function (problem) {
          item.state = "refused"; item.problem = problem.detail || problem.title || String(r.status);
          return put("outbox", item).then(function () { return true; });
        });
      }
      return false;  /* the server is unwell: try again later */
    }, function () { return false; });
  }
  /* Send what waits, one tab at a time (the key makes a second sending harmless anyway). */
  function sendWaiting() {
    function run() {
      return counts().then(function (items) {
        var waiting = items.filter(function (i) { return i.state === "waiting"; });
        return waiting.reduce(function (p, item) {
          return p.then(function (go) { return go ? sendOne(item) : false; });
        }, Promise.resolve(true));
      }).then(counts);
    }
    if (navigator.locks) return navigator.locks.request("maraude-outbox", run);
    return run();
  }
  /* A draft as it is typed: never over a report already waiting or sent under its key. */
  function saveDraft(item) {
    return store("outbox", "readwrite", function (s) {
      var req = s.get(item.key);
      req.onsuccess = function () {
        var there = req.result;
        if (!there || there.state === "draft" || there.state === "refused") s.put(item);
      };
      return null;
    });
  }
  /* The report is done: it waits to be sent (whatever draft state it had). */
  function submit(item) {
    item.state = "waiting";
    return put("outbox", item).then(counts).then(sendWaiting);
  }
  function queue(body) {
    return put("outbox", { key: body.key, user: C.user, body: body, state: "waiting", created: new Date().toISOString() })
      .then(counts).then(sendWaiting);
  }

  /* ---- The status line: offline or not, the copy's age, reports waiting ---- */
  /* The copy's time: its hour today, else its date and hour. */
  function clock(iso) {
    var d = new Date(iso), same = new Date().toDateString() === d.toDateString();
    var shape = same ? { hour: "2-digit", minute: "2-digit" } : { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
    return new Intl.DateTimeFormat(C.lang, Object.assign(shape, { timeZone: C.timezone || undefined })).format(d);
  }
  function drawStatus() {
    var box = document.getElementById("field-status");
    if (!box) return;
    var parts = [el("span", { "class": state.online ? "net online" : "net offline", text: state.online ? t("Online") : t("Offline: no network") })];
    if (state.copy && Date.parse(state.copy.valid_until) <= Date.now()) parts.push(el("strong", { "class": "stale", text: t("Directory too old: hours unknown until the network returns") }));
    else if (state.copy) parts.push(el("span", { text: t("Directory of {time}", { time: clock(state.copy.made_at) }) }));
    else parts.push(el("span", { text: t("No copy of the directory on this phone yet") }));
    if (state.waiting) parts.push(el("a", { href: "/app/report?lang=" + C.lang, "class": "waiting", text: t("{n, plural, one {# report waiting to be sent} other {# reports waiting to be sent}}", { n: state.waiting }) }));
    if (state.refused) parts.push(el("a", { href: "/app/report?lang=" + C.lang, "class": "refused", text: t("{n, plural, one {# report refused: see why} other {# reports refused: see why}}", { n: state.refused }) }));
    box.textContent = "";
    parts.forEach(function (p, i) { if (i) box.appendChild(document.createTextNode(" · ")); box.appendChild(p); });
    document.body.classList.toggle("is-offline", !state.online);
  }
  listeners.push(drawStatus);

  /* ---- Logout: warn of reports not sent, forget everything, then leave ---- */
  function guardLogout() {
    var form = document.querySelector("form[action='/app/logout']");
    if (!form) return;
    form.addEventListener("submit", function (e) {
      if (form.getAttribute("data-forgotten")) return;
      e.preventDefault();
      sendWaiting().catch(function () {}).then(function () {
        if (state.waiting && !window.confirm(t("{n, plural, one {# report is not sent yet: logging out deletes it from this phone. Log out anyway?} other {# reports are not sent yet: logging out deletes them from this phone. Log out anyway?}}", { n: state.waiting }))) return;
        forgetAll().then(function () { form.setAttribute("data-forgotten", "1"); form.submit(); });
      });
    });
  }

  /* ---- Start ---- */
  /* The basemap of the team's area, kept by the worker: the tiles covering the copy's area
     down to street level (zoom 15 at most, 600 tiles at most), fetched once. */
  var TILE_ZOOM = 15, TILE_BUDGET = 600;
  function tileRange(z, area) {
    var n = Math.pow(2, z);
    function x(lon) { return Math.floor((lon + 180) / 360 * n); }
    function y(lat) { var r = lat * Math.PI / 180; return Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n); }
    return { x0: x(area[0]), x1: x(area[2]), y0: y(area[3]), y1: y(area[1]) };
  }
  function keepBasemap(copy) {
    if (!copy || !navigator.serviceWorker || !navigator.serviceWorker.controller || C.tileUrl) return Promise.resolve();
    return fetch("/api/v1/basemap/tilesets").then(function (r) { return r.ok ? r.json() : { tilesets: [] }; }).then(function (body) {
      var urls = [];
      body.tilesets.forEach(function (set) {
        var b = set.bounds;
        function within(box) { return [Math.max(b[0], box[0]), Math.max(b[1], box[1]), Math.min(b[2], box[2]), Math.min(b[3], box[3])]; }
        for (var z = set.minzoom; z <= Math.min(set.maxzoom, TILE_ZOOM); z++) {
          /* The whole area up to zoom 13, then street level around the zones first. */
          var area = within(z <= 13 ? copy.area : (copy.zones_area || copy.area));
          if (area[0] >= area[2] || area[1] >= area[3]) continue;
          var r = tileRange(z, area);
          for (var tx = r.x0; tx <= r.x1; tx++) for (var ty = r.y0; ty <= r.y1; ty++) {
            if (urls.length < TILE_BUDGET) urls.push(set.tiles.replace("{z}", z).replace("{x}", tx).replace("{y}", ty));
          }
        }
      });
      /* The worker fetches them, in its own time (the page is free at once). */
      var sw = navigator.serviceWorker.controller;
      if (sw && urls.length) sw.postMessage({ type: "keep-tiles", urls: urls });
    }).catch(function () {});
  }

  /* The app's two pages, kept by the worker to open with no network. */
  /* The page shown is kept already when it came through the worker: only the other one. */
  var cameThroughWorker = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
  function keepPages() {
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return Promise.resolve();
    var pages = ["/app", "/app/report"].filter(function (path) { return !(cameThroughWorker && path === location.pathname); });
    return Promise.all(pages.map(function (path) {
      /* Read to the end: the worker keeps what went through it. */
      return fetch(path + "?lang=" + C.lang, { credentials: "same-origin" }).then(function (r) { return r.arrayBuffer(); }).catch(function () {});
    }));
  }
  function sync(withCopy) {
    state.online = navigator.onLine; changed();
    var copy = withCopy ? freshCopy() : Promise.resolve(state.copy);
    return Promise.all([copy.then(keepBasemap), syncTonight(), syncAlerts(), sendWaiting().catch(function () {}), keepPages()]);
  }
  function start(options) {
    options = options || {};
    if (navigator.serviceWorker) {
      /* On the first visit the worker takes the page over after it has fetched its copies:
         fetch them again through it, so that it keeps them. */
      var controlled = cameThroughWorker;
      navigator.serviceWorker.addEventListener("controllerchange", function () { if (!controlled) { controlled = true; sync(options.copy !== false); } });
      navigator.serviceWorker.register("/app/sw.js", { scope: "/app" }).catch(function () {});
    }
    guardLogout();
    window.addEventListener("online", function () { state.online = true; sync(options.copy !== false); });
    window.addEventListener("offline", function () { state.online = false; changed(); });
    /* Tonight's data is forgotten 24 hours after it came, even on a phone left open. */
    setInterval(function () { tonight(); if (state.waiting) sendWaiting(); }, 60000);
    drawStatus();
    /* The copy kept first: "from here" needs it, with no network most of all; a fresh one
       follows when there is a network (on the map's page: the report's does not need it). */
    return Promise.all([keptCopy(), counts(), tonight()]).then(function () { return sync(options.copy !== false); });
  }

  R.field = {
    state: state, start: start, nearest: nearestFromCopy, copied: copied, sync: sync, onChange: function (fn) { listeners.push(fn); fn(state); },
    tonight: tonight, queue: queue, sendWaiting: sendWaiting, outbox: counts, saveDraft: saveDraft, submit: submit,
    dropDraft: function (key) { return del("outbox", key).then(counts); }, getJSON: getJSON, alerts: syncAlerts,
    storedAlerts: storedAlerts
  };
})();
