// vigil's progressive enhancement. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Submit the language form as soon as a language is picked.
  var sel = document.getElementById("lang-select");
  if (sel && sel.form) {
    var btn = sel.form.querySelector("button[type=submit]");
    if (btn) btn.hidden = true;
    sel.addEventListener("change", function () { sel.form.submit(); });
  }
});
