// vieclam: the site's one script. Everything works without it; it only
// adds conveniences (print buttons). No inline script anywhere (CSP).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

// Officers' imports: the upload's progress bar. htmx sends the upload
// form (hx-post) and reports how much of the file has gone; without
// JavaScript the browser posts the same form and shows its own progress.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest ? event.target.closest("[data-upload-progress]") : null;
  if (!form || !event.detail || !event.detail.lengthComputable) { return; }
  var bar = document.getElementById(form.getAttribute("data-upload-progress"));
  if (!bar) { return; }
  if (bar.parentElement) { bar.parentElement.hidden = false; }
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});
// A refused upload answers with the form and its problems (422, 413):
// show that page rather than nothing.
document.addEventListener("htmx:beforeSwap", function (event) {
  var form = event.target.closest ? event.target.closest("[data-upload-progress]") : null;
  if (form && event.detail.xhr && event.detail.xhr.status >= 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
