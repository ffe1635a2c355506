/* The suggestion form: sends the message as JSON to the API and shows the reference to come
   back with. Whatever goes wrong (a refusal, too many messages, no network), everything typed
   stays in the form. Nothing is kept in this browser and no cookie is sent. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, N = R.N;
  var form = document.getElementById("suggest"), problem = document.getElementById("s-problem");
  var sending = document.getElementById("s-sending"), count = document.getElementById("s-count");
  var message = form.elements.message, send = form.querySelector("button[type=submit]");
  var LIMIT = C.limit || 2000;

  /* Characters as the server counts them (an emoji is one, not two). */
  function length(text) { return Array.from(text).length; }
  function counted() {
    var left = LIMIT - length(message.value);
    count.textContent = left >= 0 ? t("{n, plural, one {# character left} other {# characters left}}", { n: left })
      : t("{n, plural, one {# character too many} other {# characters too many}}", { n: -left });
    count.classList.toggle("over", left < 0);
  }
  message.addEventListener("input", counted);
  counted();

  function kind() {
    var chosen = form.querySelector("input[name=kind]:checked") || form.querySelector("input[type=hidden][name=kind]");
    return chosen ? chosen.value : null;
  }
  function say(text, field) {
    problem.textContent = text;
    problem.hidden = false;
    if (field) field.focus();
  }
  function firstKind() { return form.querySelector("input[name=kind]"); }

  /* A refusal said in words: which field, from the problem's `errors` when it names one. */
  var FIELD_WORDS = {
    message: N("The message could not be accepted: it may hold an invisible character. Please check it and send again."),
    contact: N("The e-mail or phone could not be accepted: correct it, or leave it empty."),
    kind: N("Choose what is wrong, then send again."),
    service_id: N("This service can no longer receive messages. You can suggest it as a new service instead.")
  };
  function refused(problemDoc) {
    var names = (problemDoc.errors || []).map(function (e) {
      return e.parameter || String(e.pointer || "").split("/").filter(Boolean)[0];
    });
    var known = names.filter(function (n) { return FIELD_WORDS[n]; })[0];
    if (known) return say(t(FIELD_WORDS[known]), { message: message, contact: form.elements.contact, kind: firstKind() }[known]);
    say(t("Your message could not be sent as it is.") + (problemDoc.detail ? " (" + problemDoc.detail + ")" : ""));
  }
  function answered(r, doc) {
    if (r.status === 202 && doc.reference) return done(doc.reference);
    if (r.status === 422 || r.status === 400) return refused(doc);
    if (r.status === 413) return say(t("Your message is too long: please shorten it."), message);
    if (r.status === 429) {
      var seconds = Number(r.headers.get("Retry-After")) || 3600;
      return say(t("{n, plural, one {Too many messages were sent from here. Please try again in # minute.} other {Too many messages were sent from here. Please try again in # minutes.}}",
        { n: Math.max(1, Math.ceil(seconds / 60)) }));
    }
    say(t("Your message was not sent, and it is kept here. Try again in a moment."));
  }
  function done(reference) {
    var box = document.getElementById("s-done");
    document.getElementById("s-reference").textContent = reference;
    document.getElementById("s-follow").setAttribute("href", "/suggestions/" + encodeURIComponent(reference) + "?lang=" + C.lang);
    form.reset();
    form.hidden = true;
    box.hidden = false;
    box.focus();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    problem.hidden = true;
    if (!kind()) return say(t("Choose what is wrong."), firstKind());
    if (!message.value.trim()) return say(t("Write a few words about it."), message);
    if (length(message.value) > LIMIT) return say(t("Your message is too long: please shorten it."), message);
    var body = { kind: kind(), message: message.value, website: form.elements.website.value };
    if (C.service) body.service_id = C.service;
    if (form.elements.contact.value.trim()) body.contact = form.elements.contact.value.trim();
    send.disabled = true;
    sending.textContent = t("Sending…");
    fetch("/api/v1/suggestions", {
      method: "POST", credentials: "omit", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json, application/problem+json" }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (doc) { answered(r, doc || {}); });
    }, function () {
      say(t("No network: your message was not sent, and it is kept here. Try again once connected."));
    }).then(function () {
      send.disabled = false;
      sending.textContent = "";
    });
  });
})();
