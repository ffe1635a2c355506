/* Maraude field app: forgetting what the phone keeps. On the login form (someone logged out, a
   session ended, another person is about to log in on this phone) everything the app kept goes
   — tonight's rounds and zones, their sheets, the app's pages, the association's alerts, the
   directory copy and the basemap tiles of its area — but the reports not sent yet: they are
   kept by user and sent when that user logs in again. Needs no other script. */
(function () {
  "use strict";
  var CACHES = ["maraude-private", "maraude-tonight", "maraude-tiles", "maraude-public"];

  /* Empty the "private" store of the app's database, without creating the database. */
  function clearPrivateStore() {
    if (!window.indexedDB || !indexedDB.databases) return Promise.resolve();
    return indexedDB.databases().then(function (list) {
      if (!list.some(function (d) { return d.name === "maraude"; })) return null;
      return new Promise(function (resolve) {
        var req = indexedDB.open("maraude");
        req.onsuccess = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains("private")) { db.close(); resolve(); return; }
          var tx = db.transaction("private", "readwrite");
          tx.objectStore("private").clear();
          tx.oncomplete = tx.onerror = tx.onabort = function () { db.close(); resolve(); };
        };
        req.onerror = req.onblocked = function () { resolve(); };
      });
    }, function () { return null; });
  }
  function tellWorker() {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) sw.postMessage({ type: "forget" });
  }
  function forgetKept() {
    tellWorker();
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* storage blocked */ }
    var steps = window.caches ? CACHES.map(function (k) { return caches.delete(k); }) : [];
    steps.push(clearPrivateStore());
    return Promise.all(steps);
  }
  window.MaraudeForget = forgetKept;
  if (document.body && document.body.classList.contains("login")) forgetKept();
})();
