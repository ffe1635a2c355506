/* Maraude: an opening_hours field checked as it is typed, and the week it means drawn as bars
   of hours, Monday to Sunday, 0 to 24 h, a night past midnight spilling into the next day's
   row. Shared by the console's pages:

     var editor = window.HoursEditor.attach(input, { chart: element, status: element,
                                                    words: { msgid: translation }, timezone: "Europe/Paris" });
     editor.valid()    // true, false, or null (empty, being checked, or checking unavailable)
     editor.refresh()  // check again now (after the page set the input's value)

   The words are the msgids of web/zone_copy.py's HOURS_WORDS. The server's parser decides
   (POST /api/v1/opening-hours/check): nothing is parsed here. */
(function () {
  "use strict";
  var DAY = 1440, WAIT = 300;
  var MONDAY = Date.UTC(2024, 0, 1);  // a Monday: day names come from Intl, in the page language

  function translator(words, lang) {
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
    return function (key, values) {
      var s = (words && words[key]) || key;
      values = values || {};
      s = s.replace(/\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}/g, function (all, name, forms) {
        var n = Number(values[name]), chosen = {}, m, re = /([\w=]+)\s*\{([^{}]*)\}/g;
        while ((m = re.exec(forms))) chosen[m[1]] = m[2];
        var form = chosen["=" + n] || chosen[rules ? rules.select(n) : (n === 1 ? "one" : "other")] || chosen.other || "";
        return form.split("#").join(n.toLocaleString(lang));
      });
      Object.keys(values).forEach(function (k) { s = s.split("{" + k + "}").join(String(values[k])); });
      return s;
    };
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function days(lang, width) {
    var f = new Intl.DateTimeFormat(lang, { weekday: width, timeZone: "UTC" });
    return [0, 1, 2, 3, 4, 5, 6].map(function (d) { return f.format(new Date(MONDAY + d * 864e5)); });
  }
  function clock(lang, minutes, isEnd) {
    if (isEnd && minutes === DAY) {
      return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h24", timeZone: "UTC" }).format(new Date(MONDAY));
    }
    var m = ((minutes % DAY) + DAY) % DAY;
    return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(new Date(MONDAY + m * 6e4));
  }
  function bar(track, start, end, cls, title) {
    var b = el("span", cls);
    b.style.insetInlineStart = (100 * start / DAY) + "%";
    b.style.width = (100 * (end - start) / DAY) + "%";
    if (title) b.title = title;
    track.appendChild(b);
  }

  /* Draw the week: bars for the eye (hidden from screen readers), a table for them. */
  function draw(chart, week, t, lang) {
    chart.textContent = "";
    var short = days(lang, "short"), long = days(lang, "long"), spans = [[], [], [], [], [], [], []];
    week.forEach(function (d) { spans[d.day] = d.spans; });
    var visual = el("div", "hc-visual"), spilled = false;
    visual.setAttribute("aria-hidden", "true");
    var said = spans.map(function (list, d) {
      return list.map(function (s) {
        var text = clock(lang, s[0]) + "–" + clock(lang, s[1], true);
        return s[1] > DAY ? t("{start}–{end} (next day)", { start: clock(lang, s[0]), end: clock(lang, s[1], true) }) : text;
      });
    });
    for (var d = 0; d < 7; d++) {
      var row = el("div", "hc-row"), track = el("div", "hc-track");
      row.setAttribute("data-day", String(d));
      row.appendChild(el("span", "hc-day", short[d]));
      spans[d].forEach(function (s, i) {
        bar(track, s[0], Math.min(s[1], DAY), s[1] > DAY ? "hc-bar hc-on" : "hc-bar", said[d][i]);
      });
      var before = (d + 6) % 7;
      spans[before].forEach(function (s, i) {
        if (s[1] <= DAY) return;
        spilled = true;
        bar(track, 0, Math.min(s[1] - DAY, DAY), "hc-bar hc-spill", short[before] + " " + said[before][i]);
      });
      row.appendChild(track);
      visual.appendChild(row);
    }
    var axis = el("div", "hc-axis");
    [0, 6, 12, 18, 24].forEach(function (h) {
      var tick = el("span", "hc-tick" + (h === 0 ? " hc-tick-start" : h === 24 ? " hc-tick-end" : ""), clock(lang, h * 60, true).replace(/[:.]00$/, ""));
      tick.style.insetInlineStart = (100 * h / 24) + "%";
      axis.appendChild(tick);
    });
    visual.appendChild(axis);
    if (spilled) {
      var key = el("p", "hc-key");
      key.appendChild(el("span", "hc-swatch hc-spill"));
      key.appendChild(document.createTextNode(" " + t("past midnight")));
      visual.appendChild(key);
    }
    chart.appendChild(visual);
    var table = el("table");
    table.appendChild(el("caption", "", t("The week these hours mean")));
    var head = el("tr");
    head.appendChild(el("th", "", t("Day")));
    head.appendChild(el("th", "", t("Hours")));
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    for (d = 0; d < 7; d++) {
      var tr = el("tr"), th = el("th", "", long[d]);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      tr.appendChild(el("td", "", said[d].length ? said[d].join(", ") : t("closed")));
      body.appendChild(tr);
    }
    table.appendChild(body);
    chart.appendChild(el("div", "visually-hidden")).appendChild(table);  // a table ignores width: 1px
  }

  function attach(input, options) {
    var lang = document.documentElement.lang || "en";
    var t = translator(options.words, lang), status = options.status, chart = options.chart;
    var state = null, timer = null, asked = 0;
    if (!status.id) status.id = "hours-status-" + Math.random().toString(36).slice(2);
    status.setAttribute("role", "status");
    var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(status.id) < 0) input.setAttribute("aria-describedby", described.concat([status.id]).join(" "));

    function mark(valid, text) {
      state = valid;
      if (valid === false) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      status.textContent = text;
      status.className = status.className.replace(/\s*hours-(bad|good)\b/g, "") + (valid === false ? " hours-bad" : valid ? " hours-good" : "");
    }
    function check() {
      clearTimeout(timer);
      var expression = input.value.trim(), mine = ++asked;
      if (!expression) { chart.textContent = ""; mark(null, t("Type the hours to see the week they mean.")); return; }
      state = null;
      status.textContent = t("Checking the hours…");
      var body = { expression: expression };
      if (options.timezone) body.timezone = options.timezone;
      fetch("/api/v1/opening-hours/check", { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) })
        .then(function (r) { if (!r.ok) throw r; return r.json(); })
        .then(function (answer) {
          if (mine !== asked) return;  // a later keystroke asked again
          if (!answer.valid) { chart.textContent = ""; mark(false, t("Not valid: {error}", { error: answer.error || "" })); return; }
          draw(chart, answer.week, t, lang);
          mark(true, t("{hours, plural, one {# hour a week.} other {# hours a week.}}", { hours: Math.round(answer.hours_per_week * 10) / 10 }));
        }, function () {
          if (mine !== asked) return;
          chart.textContent = "";
          mark(null, t("Checking is unavailable: the hours are checked when saved."));
        });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      state = null;
      timer = setTimeout(check, WAIT);
    });
    check();
    return { valid: function () { return state; }, refresh: check };
  }

  window.HoursEditor = { attach: attach };
})();
