/* Maraude console: the association's accounts; a worker's account to create with a first
   password (generated here with the browser's own random numbers, or typed) shown once to hand
   over, which the worker changes at first login; an account to disable, asked twice. A second
   factor to enrol comes back once, as a QR code and its secret. Through the JSON API with the
   session cookie. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.translator(C.lang, C.words || {});
  var list = document.getElementById("people-list"), form = document.getElementById("person-form");
  var problem = document.getElementById("p-problem"), created = document.getElementById("p-created");
  var handover = document.getElementById("p-handover");
  var username = document.getElementById("p-username"), password = document.getElementById("p-password");

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function api(path, options) {
    var o = Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {});
    if (o.body !== undefined) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(o.body); }
    return fetch(path, o).then(function (r) {
      return r.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!r.ok) throw Object.assign(new Error((body && (body.detail || body.title)) || String(r.status)), { status: r.status, problem: body || {} });
        return body;
      });
    }, function () { throw Object.assign(new Error(t("Could not reach the server: check the connection.")), { problem: {} }); });
  }
  function day(iso) {
    return new Intl.DateTimeFormat(C.lang, { day: "numeric", month: "long", year: "numeric", timeZone: C.timezone }).format(new Date(iso));
  }

  /* A password of 16 characters from the browser's cryptographic random numbers, with at least
     one of each kind (lower case, upper case, digit, symbol); no look-alikes (0 O 1 l I). */
  var SETS = ["abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_.!?@#%+"];
  function random(n) {
    var limit = 4294967296 - (4294967296 % n), b = new Uint32Array(1);
    do { crypto.getRandomValues(b); } while (b[0] >= limit);
    return b[0] % n;
  }
  function generated() {
    var all = SETS.join(""), chars = SETS.map(function (s) { return s[random(s.length)]; });
    while (chars.length < 16) chars.push(all[random(all.length)]);
    for (var i = chars.length - 1; i > 0; i -= 1) { var j = random(i + 1), x = chars[i]; chars[i] = chars[j]; chars[j] = x; }
    return chars.join("");
  }
  document.getElementById("p-generate").addEventListener("click", function () {
    password.value = generated();
    password.removeAttribute("aria-invalid");
    password.focus();
    password.select();
  });

  /* --- The accounts --------------------------------------------------------------------- */
  function disableControl(u, row) {
    var cell = el("td", { "class": "actions-cell" });
    if (u.disabled_at || u.id === C.user) return cell;
    var ask = el("button", { type: "button", "class": "disable", text: t("Disable") });
    ask.setAttribute("aria-label", t("Disable {name}", { name: u.username }));
    var sure = el("div", { "class": "confirm", hidden: "" }, [
      el("p", {}, [t("Disable {name}? They will no longer be able to log in, and their sessions end now.", { name: u.username })]),
      el("button", { type: "button", "class": "danger", text: t("Yes, disable") }),
      el("button", { type: "button", text: t("No, keep it") })
    ]);
    var line = el("p", { "class": "status-line", role: "status" });
    var buttons = sure.querySelectorAll("button");
    ask.addEventListener("click", function () { ask.hidden = true; sure.hidden = false; buttons[0].focus(); });
    buttons[1].addEventListener("click", function () { sure.hidden = true; ask.hidden = false; ask.focus(); });
    buttons[0].addEventListener("click", function () {
      api("/api/v1/users/" + u.id + "/disable", { method: "POST" }).then(function () {
        line.textContent = t("{name} is disabled.", { name: u.username });
        return load(line.textContent);
      }).catch(function (e) { line.textContent = t("Not saved:") + " " + e.message; });
    });
    cell.appendChild(ask); cell.appendChild(sure); cell.appendChild(line);
    return cell;
  }
  function table(users) {
    var head = el("tr", {}, [t("Name"), t("Role"), t("Created"), t("State"), t("Action")].map(function (h) { return el("th", { scope: "col", text: h }); }));
    var rows = users.map(function (u) {
      var row = el("tr", { "data-username": u.username, "class": u.disabled_at ? "disabled" : "" });
      row.appendChild(el("th", { scope: "row" }, [el("bdi", { dir: "ltr", text: u.username }), u.id === C.user ? " " + t("(you)") : null]));
      row.appendChild(el("td", { "data-label": t("Role"), text: C.roles[u.role] || u.role }));
      row.appendChild(el("td", { "data-label": t("Created"), text: day(u.created_at) }));
      row.appendChild(el("td", { "class": "state", "data-label": t("State") }, u.disabled_at ? [el("strong", { text: t("Disabled on {date}", { date: day(u.disabled_at) }) })] : [t("Active")]));
      row.appendChild(disableControl(u, row));
      return row;
    });
    return el("table", { "class": "people" }, [el("thead", {}, [head]), el("tbody", {}, rows)]);
  }
  function load(said) {
    return api("/api/v1/users").then(function (body) {
      list.textContent = "";
      if (said) list.appendChild(el("p", { role: "status", text: said }));
      list.appendChild(table(body.users));
    }).catch(function (e) {
      list.textContent = "";
      list.appendChild(el("p", { "class": "problem", text: t("Could not load: check the connection and reload the page.") + " " + e.message }));
    });
  }

  /* --- A new account ---------------------------------------------------------------------- */
  function showProblem(message, fields) {
    problem.textContent = "";
    problem.appendChild(el("p", {}, [el("strong", { text: t("Not saved:") + " " }), el("bdi", { text: message })]));
    if (fields.length) problem.appendChild(el("ul", {}, fields.map(function (f) { return el("li", {}, [el("bdi", { text: f })]); })));
    problem.hidden = false;
  }
  function secretOf(uri) {
    var m = /[?&]secret=([^&]+)/.exec(uri);
    return m ? decodeURIComponent(m[1]) : "";
  }
  /* What to hand over, shown once: the first password, and for a second factor its QR code. */
  function handOver(user, first) {
    handover.textContent = "";
    handover.appendChild(el("p", {}, [t("User name:") + " ", el("strong", { dir: "ltr", "class": "secret", text: user.username })]));
    handover.appendChild(el("p", {}, [t("First password:") + " ", el("strong", { dir: "ltr", "class": "secret", id: "p-first", text: first })]));
    handover.appendChild(el("p", { text: t("Give these to the worker in person. The password is not shown again; the worker must choose their own at first login.") }));
    if (user.totp_uri) {
      var secret = secretOf(user.totp_uri);
      handover.appendChild(el("h4", { text: t("Second factor (authenticator app)") }));
      handover.appendChild(el("p", { text: t("Scan this code with the authenticator app on the person's phone, or type the secret below. It will not be shown again.") }));
      try { handover.appendChild(el("div", { "class": "qr-box" }, [R.qr(user.totp_uri, t("QR code of the second factor"))])); } catch (e) { /* the secret below still enrols it */ }
      handover.appendChild(el("p", {}, [t("Secret:") + " ", el("code", { dir: "ltr", "class": "secret", id: "p-secret", text: secret })]));
    }
    created.hidden = false;
    document.getElementById("created-title").focus();
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    problem.hidden = true;
    var name = username.value.trim(), first = password.value;
    var wrong = [];
    username.removeAttribute("aria-invalid"); password.removeAttribute("aria-invalid");
    if (!/^[A-Za-z0-9._@-]{3,100}$/.test(name)) { wrong.push(t("User name: 3 characters or more, letters without accents, digits, and . _ @ -")); username.setAttribute("aria-invalid", "true"); }
    if (first.length < 12) { wrong.push(t("First password: 12 characters or more.")); password.setAttribute("aria-invalid", "true"); }
    if (wrong.length) { showProblem(t("Some fields need attention."), wrong); (username.getAttribute("aria-invalid") ? username : password).focus(); return; }
    var body = { username: name, password: first, role: "worker", association_id: C.association };
    api("/api/v1/users", { method: "POST", body: body }).then(function (user) {
      form.reset();
      handOver(user, first);
      load();
    }).catch(function (err) {
      var fields = ((err.problem && err.problem.errors) || []).map(function (x) {
        var f = (x.pointer || "").replace(/^\//, "");
        if (f === "password") password.setAttribute("aria-invalid", "true");
        if (f === "username") username.setAttribute("aria-invalid", "true");
        return (f ? f + ": " : "") + x.detail;
      });
      showProblem(err.message, fields);
    });
  });
  load();
})();
