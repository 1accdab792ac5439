// vigil workspace: small progressive enhancements. Every form works
// without them: figures are read on the server when the form is saved.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Live reading of a figure text ("about 200" → 180–200–220), from the
  // same parser the server uses (/api/v1/figure).
  document.querySelectorAll("input[data-figure-preview]").forEach(function (input) {
    var out = document.getElementById(input.getAttribute("data-figure-preview"));
    if (!out) return;
    var timer = null, seq = 0;
    function fmt(n) { return n === null || n === undefined ? null : n.toLocaleString(document.documentElement.lang); }
    function show() {
      var text = input.value.trim();
      var mine = ++seq;
      if (text === "") { out.textContent = ""; return; }
      fetch("/api/v1/figure?text=" + encodeURIComponent(text), { headers: { "Accept": "application/json" } })
        .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
        .then(function (r) {
          if (mine !== seq) return;
          if (!r.ok) { out.textContent = out.getAttribute("data-unreadable"); return; }
          var iv = r.body.interval;
          out.textContent = "→ " + (fmt(iv.low) || "?") + "–" + fmt(iv.best) + "–" + (fmt(iv.high) || "…");
        })
        .catch(function () { /* offline: the server reads it on save */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(show, 250);
    });
  });
  // Bring the error summary into view and focus for screen readers when
  // a form comes back with errors (the first invalid field has autofocus
  // from the server; the summary links to each field).
  var summary = document.querySelector(".error-summary");
  if (summary && !document.querySelector("[autofocus]")) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});
