/* "Is it really us?" (/check/): answers the box in the browser. The list (contacts.json) is loaded once, as the
   page loads, so no request ever carries what the reader types, and answers keep coming offline. The keys
   and the verdict come from ContactKeys (contact-keys.js); answers are the page's <template>s, filled with
   textContent only: whatever is typed is shown as text, never as HTML. */
(function () {
  "use strict";

  var SHOWN_QUERY_MAX = 200;  // characters of the query repeated in the answer

  function filled(templateId, values) {
    var part = document.getElementById(templateId).content.cloneNode(true);
    Array.prototype.forEach.call(part.querySelectorAll("[data-slot]"), function (slot) {
      slot.textContent = values[slot.getAttribute("data-slot")] || "";
    });
    Array.prototype.forEach.call(part.querySelectorAll("[data-slot-line]"), function (line) {
      if (!values[line.getAttribute("data-slot-line")]) { line.remove(); }
    });
    return part;
  }

  function show(region, verdict, part) {
    region.textContent = "";
    region.appendChild(part);
    region.setAttribute("data-verdict", verdict);
  }

  function shortened(query) {
    var points = Array.from(query.trim());
    return points.length > SHOWN_QUERY_MAX ? points.slice(0, SHOWN_QUERY_MAX).join("") + "…" : points.join("");
  }

  function answerOf(query, data) {
    var found = window.ContactKeys.answer(query, data), entry = found.entry || {};
    var values = {
      query: shortened(query), value: entry.value, label: entry.label, notes: entry.notes,
      pretends: entry.pretends, advice: entry.advice, reported: entry.reported
    };
    return { verdict: found.verdict, part: filled("check-" + found.verdict, values) };
  }

  function start() {
    var form = document.querySelector("[data-check-form]");
    var region = document.querySelector("[data-check-answer]");
    if (!form || !region || !window.ContactKeys || !window.fetch) { return; }
    var input = form.querySelector("input");
    fetch(form.getAttribute("data-data"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("contacts.json: " + response.status); }
        return response.json();
      })
      .then(function (data) {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          if (!input.value.trim()) {
            show(region, "", filled("check-empty", {}));
            return;
          }
          var answer = answerOf(input.value, data);
          show(region, answer.verdict, answer.part);
        });
        form.hidden = false;
        form.setAttribute("data-ready", "true");
      })
      .catch(function () {
        form.remove();  // its room was kept (js-on.js); the lists below still answer
        show(region, "", filled("check-failed", {}));
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
