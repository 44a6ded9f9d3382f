// Served only by `make serve` (sitebuild/preview.py), never published: reloads the page after each build.
// The script tag says which build the page shows (data-build); a message naming another build means a
// newer one (or, after a failed save, its error page; after the fix, the site again).
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var shown = document.currentScript && document.currentScript.getAttribute("data-build");
  var events = new EventSource("/__preview/events");
  events.onmessage = function (event) {
    if (shown && event.data !== shown) {
      events.close();
      window.location.reload();
    }
  };
})();
