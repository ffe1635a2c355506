/* Maraude field app: the team's safety alerts. A worker raises one from the field (a
   situation from a closed list, an area around a point, a severity, at most 72 hours: no
   words of their own, nothing about a person); a coordinator confirms or withdraws it. Alerts
   come with every sync and are notified once, with the phone's own notifications. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el;
  var list = document.getElementById("team-alerts"), form = document.getElementById("alert-form");
  if (!list || !form) return;
  var status = document.getElementById("a-status"), notifyButton = document.getElementById("a-notify");

  function send(method, path, body) {
    return fetch(path, { method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" }, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        if (r.ok) return r.status === 204 ? null : r.json();
        return r.json().catch(function () { return {}; }).then(function (p) { throw new Error(p.detail || p.title || String(r.status)); });
      });
  }
  function headline(a) { var m = a.messages[C.lang] || a.messages.fr; return m.headline; }
  function until(iso) {
    return new Intl.DateTimeFormat(C.lang, { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone: C.timezone || undefined }).format(new Date(iso));
  }
  /* Their areas on the map, red: where to be careful. */
  var areas = R.teamMap ? L.layerGroup().addTo(R.teamMap) : null;
  function drawAreas(alerts) {
    if (!areas) return;
    areas.clearLayers();
    alerts.forEach(function (a) {
      if (!a.circle) return;
      L.circle([a.circle.lat, a.circle.lon], { radius: a.circle.radius_km * 1000, color: "#b3261e", weight: 2, dashArray: a.confirmed ? null : "6 4", fillOpacity: 0.08, interactive: false }).addTo(areas);
    });
  }
  function draw(alerts) {
    var mine = (alerts || []).filter(function (a) { return a.field; });
    drawAreas(mine);
    list.textContent = "";
    if (!mine.length) { list.appendChild(el("li", { text: t("No safety alert raised from the field.") })); return; }
    mine.forEach(function (a) {
      var m = a.messages[C.lang] || a.messages.fr;
      var item = el("li", { "class": "field-alert" + (a.confirmed ? " confirmed" : " unconfirmed"), "data-id": a.id }, [
        el("b", { text: headline(a) }), el("br"),
        el("span", { text: m.description }), el("br"),
        el("small", { text: (a.confirmed ? t("Confirmed by a coordinator") : t("Unconfirmed: raised from the field")) + " · " + t("Until {time}", { time: until(a.expires) }) })
      ]);
      if (C.coordinator && navigator.onLine) {
        var actions = el("p", { "class": "actions" });
        if (!a.confirmed) {
          var ok = el("button", { type: "button", "class": "confirm", text: t("Confirm") });
          ok.addEventListener("click", function () { send("POST", "/api/v1/alerts/" + a.id + "/confirm").then(refresh, shown); });
          actions.appendChild(ok);
        }
        var withdraw = el("button", { type: "button", "class": "withdraw", text: t("Withdraw") });
        withdraw.addEventListener("click", function () { send("DELETE", "/api/v1/alerts/" + a.id).then(refresh, shown); });
        actions.appendChild(withdraw);
        item.appendChild(actions);
      }
      list.appendChild(item);
    });
  }
  function shown(error) { status.textContent = t("The alert could not be sent:") + " " + error.message; }
  function refresh() { return R.field.alerts().then(draw); }

  function where() {
    var around = form.querySelector("input[name=a-where]:checked").value;
    if (around === "map" && R.field.lastPoint) return Promise.resolve(R.field.lastPoint);
    if (around === "map") return Promise.reject(new Error(t("Tap the map first.")));
    return new Promise(function (resolve, reject) {
      navigator.geolocation.getCurrentPosition(function (p) { resolve([p.coords.longitude, p.coords.latitude]); },
        function () { reject(new Error(t("Your position could not be found."))); }, { timeout: 10000 });
    });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!navigator.onLine) { status.textContent = t("No network: the alert cannot be sent. Call the team."); return; }
    status.textContent = t("Sending…");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    where().then(function (point) {
      return send("POST", "/api/v1/alerts/field", {
        situation: form.querySelector("#a-situation").value, lon: Number(point[0].toFixed(5)), lat: Number(point[1].toFixed(5)),
        radius_m: Number(form.querySelector("#a-radius").value), severity: form.querySelector("#a-severity").value,
        hours: Number(form.querySelector("#a-hours").value)
      });
    }).then(function () {
      status.textContent = C.coordinator ? t("Alert sent.") : t("Alert sent: a coordinator will confirm it.");
      return refresh();
    }, shown).then(function () { button.disabled = false; });
  });

  /* The phone's notifications, asked for by a tap (never on load). */
  function drawNotify() {
    if (!window.Notification) { notifyButton.hidden = true; return; }
    notifyButton.hidden = Notification.permission === "granted";
    if (Notification.permission === "denied") { notifyButton.disabled = true; notifyButton.textContent = t("Notifications are blocked in this browser's settings"); }
  }
  notifyButton.addEventListener("click", function () { Notification.requestPermission().then(drawNotify); });
  drawNotify();

  /* Those kept on the phone at once, then those of each sync (no fetch of its own). */
  R.field.storedAlerts().then(draw);
  window.addEventListener("maraude-alerts", function (e) { draw(e.detail); });
})();
