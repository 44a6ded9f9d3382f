/* Site search on /search/, with Pagefind's JavaScript API.
   The page is a plain GET form, so /search/?q=…&topic=…&audience=… works as an address and the form
   is usable with a keyboard alone. This script answers it in place and keeps the address in step.
   It runs under the site's CSP: no inline script, no eval (Pagefind's WebAssembly needs only
   'wasm-unsafe-eval'). All text it shows comes from the page's data-text-* attributes (translated). */
(function () {
  "use strict";

  var form = document.querySelector("[data-search-form]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var filtersBox = form.querySelector("[data-search-filters]");
  var statusLine = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var moreButton = document.querySelector("[data-search-more]");
  var noScriptNote = document.querySelector("[data-search-nojs]");
  var texts = statusLine.dataset;
  var PAGE_SIZE = 10;
  var TYPING_PAUSE_MS = 300;

  var pagefind = null;
  var results = [];
  var shown = 0;
  var latest = 0; // only the newest search may write to the page
  var typingTimer = null;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function say(text) {
    statusLine.textContent = text;
  }

  function checkboxes() {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  }

  function chosenFilters() {
    var filters = {};
    checkboxes().forEach(function (box) {
      if (box.checked) {
        filters[box.name] = filters[box.name] || { any: [] };
        filters[box.name].any.push(box.value);
      }
    });
    return filters;
  }

  function labelFor(name, value) {
    var box = form.querySelector("input[name='" + name + "'][value='" + CSS.escape(value) + "']");
    var label = box && form.querySelector("label[for='" + CSS.escape(box.id) + "']");
    return label ? label.textContent.trim() : value;
  }

  // Read ?q=…&topic=…&audience=… into the form.
  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var anyChosen = false;
    checkboxes().forEach(function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
      anyChosen = anyChosen || box.checked;
    });
    if (anyChosen) {
      filtersBox.open = true;
    }
  }

  // Keep the address in step, so it can be bookmarked or shared and survives a reload.
  function writeAddress() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) {
      params.delete("q");
    }
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  // Pagefind's excerpt marks matches with <mark>; copy only text and marks into the page.
  function excerptNodes(excerpt) {
    var parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
    var fragment = document.createDocumentFragment();
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var topics = (data.filters && data.filters.topic) || [];
    if (topics.length) {
      var topic = document.createElement("p");
      topic.className = "search-result-topic";
      topic.textContent = texts.textTopic + " " + topics.map(function (key) {
        return labelFor("topic", key);
      }).join(", ");
      item.appendChild(topic);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    item.appendChild(excerpt);
    return item;
  }

  async function showMore(run) {
    var page = results.slice(shown, shown + PAGE_SIZE);
    var datas = await Promise.all(page.map(function (result) {
      return result.data();
    }));
    if (run !== latest) {
      return;
    }
    datas.forEach(function (data) {
      list.appendChild(resultItem(data));
    });
    shown += page.length;
    moreButton.hidden = shown >= results.length;
  }

  function countMessage(count, query) {
    var suffix = query ? "" : "Filtered";
    var key = count === 0 ? "textNone" : count === 1 ? "textOne" : "textMany";
    return fill(texts[key + suffix], { count: count, query: query });
  }

  async function search() {
    var run = ++latest;
    var query = input.value.trim();
    var filters = chosenFilters();
    list.replaceChildren();
    moreButton.hidden = true;
    results = [];
    shown = 0;
    if (!query && Object.keys(filters).length === 0) {
      say("");
      return;
    }
    say(texts.textSearching);
    var found = await pagefind.search(query || null, { filters: filters });
    if (run !== latest) {
      return;
    }
    results = found.results;
    await showMore(run);
    if (run === latest) {
      say(countMessage(results.length, query));
    }
  }

  function searchSoon() {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () {
      writeAddress();
      search().catch(failed);
    }, TYPING_PAUSE_MS);
  }

  function failed(error) {
    say(texts.textError);
    if (window.console) {
      window.console.warn("Search failed:", error);
    }
  }

  function otherShards() {
    return fetch(form.dataset.bundle + "shards.json")
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .catch(function () {
        return [];
      });
  }

  async function start() {
    readAddress();
    var shardList = otherShards();
    pagefind = await import(form.dataset.bundle + "pagefind.js");
    await pagefind.options({ baseUrl: form.dataset.baseUrl, excerptLength: 24 });
    // A big site's index comes in shards (see plugins/search/indexer.py): search them as one.
    var shards = await shardList;
    for (var i = 0; i < shards.length; i++) {
      await pagefind.mergeIndex(form.dataset.bundle + shards[i], { baseUrl: form.dataset.baseUrl });
    }
    await pagefind.init();
    if (noScriptNote) {
      noScriptNote.hidden = true;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(typingTimer);
      writeAddress();
      search().catch(failed);
    });
    input.addEventListener("input", searchSoon);
    checkboxes().forEach(function (box) {
      box.addEventListener("change", searchSoon);
    });
    moreButton.addEventListener("click", function () {
      var firstNew = shown;
      showMore(latest).then(function () {
        // Move keyboard focus to the first new result, so "Show more" does not strand the reader.
        var link = list.children[firstNew] && list.children[firstNew].querySelector("a");
        if (link) {
          link.focus();
        }
      }).catch(failed);
    });
    await search();
  }

  start().catch(failed);
})();
