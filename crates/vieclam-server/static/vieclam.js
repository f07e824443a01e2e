// vieclam: the site's one script. Everything works without it; it only
// adds conveniences (print buttons). No inline script anywhere (CSP).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
