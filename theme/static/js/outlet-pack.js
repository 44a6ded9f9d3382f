/* An outlet page's "Leaflet pack" link on a site with many outlets. The site publishes every leaflet once,
   joined into a shared base with a blank "Your outlet" box, and for each outlet only the few kilobytes that
   stamp its details on every page (a PDF incremental update: the outlet's pack is exactly base + update).
   This joins the two in the browser and saves the result as one PDF. Without JavaScript, or if anything
   here fails (the reader is told), the link's own href (the base) is what the reader gets. */
(function () {
  "use strict";

  var link = document.querySelector("a[data-pack-part]");
  if (!link || !window.fetch || !window.Blob || !window.URL || !window.TextDecoder) { return; }
  var status = link.parentNode.querySelector("[role=status]");
  var note = document.querySelector("[data-pack-note]");
  var busy = false;
  var failed = false;

  function bytesOf(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.arrayBuffer();
    });
  }

  /* How long the base this update was made for is: the update's own cross-reference table says where in
     the whole pack it starts (startxref), and it begins that many bytes into the update, so the base is
     the difference. A base and an update from different builds (a deploy half done) do not add up. */
  function baseLengthFor(update) {
    // windows-1252 turns each byte into one character, so positions in the text are positions in the file.
    var text = new TextDecoder("windows-1252").decode(update);
    var found = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
    var table = text.lastIndexOf("\nxref\n");
    return found && table >= 0 ? Number(found[1]) - (table + 1) : -1;
  }

  function save(blob, name) {
    var address = URL.createObjectURL(blob);
    var anchor = document.createElement("a");
    anchor.href = address;
    anchor.download = name;
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    // The download has its own copy once it starts; the address is let go a little later.
    setTimeout(function () { URL.revokeObjectURL(address); }, 60000);
  }

  function join() {
    busy = true;
    link.setAttribute("aria-busy", "true");
    if (status) { status.textContent = link.getAttribute("data-t-making"); }
    Promise.all([
      bytesOf(link.getAttribute("data-pack-base")),
      // The update keeps its name across builds: ask the server whether it changed.
      bytesOf(link.getAttribute("data-pack-part"), { cache: "no-cache" })
    ]).then(function (files) {
      if (files[0].byteLength !== baseLengthFor(files[1])) { throw new Error("the base and the update differ"); }
      save(new Blob([files[0], files[1]], { type: "application/pdf" }), link.getAttribute("data-pack-name"));
      if (status) { status.textContent = ""; }
      link.setAttribute("data-pack-ready", "true");
    }).catch(function () {
      // Say so, and from now on let the link give what it gives without JavaScript: the blank base.
      failed = true;
      if (status) { status.textContent = link.getAttribute("data-t-failed"); }
      if (note) { note.hidden = false; }
    }).then(function () {
      busy = false;
      link.removeAttribute("aria-busy");
    });
  }

  link.addEventListener("click", function (event) {
    // A reader opening the link in a new tab or window gets what the href gives.
    if (failed || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    if (!busy) { join(); }
  });
  if (note) { note.hidden = true; }  // with this script the link gives the outlet's own pack
}());
