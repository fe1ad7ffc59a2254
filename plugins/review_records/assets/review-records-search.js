/* review-records: search on Pagefind's chunked index (written by the plugin after the build).
   On every page, "/" (or "s") moves to the search field. On the search page (the one with
   [data-search-results]) this runs the search as the reader types and says how many
   results remain; results are links with an excerpt in which the match is marked.
   The page carries the filters' checkboxes. How many results each would leave is
   worked out after the results are shown, by a second Pagefind instance that alone
   loads the whole filter index: at 1,000 reviews that index is half a megabyte, and
   a search that has it loaded counts every value, three times slower (figures in
   docs/guide/scale.md). Nothing is fetched from
   anywhere but this site, and no style or markup is written from the index's text
   (excerpts are read as text, keeping only Pagefind's <mark>). */
(function () {
  "use strict";

  var script = document.currentScript;
  var SCRIPT_URL = script && script.src ? script.src : location.href;
  // The script is assets/review-records/<this>.js: the site's root is two folders up.
  var SITE_ROOT = new URL("../../", SCRIPT_URL);
  // Not "q": the built-in theme opens its own (here absent) search dialog for ?q= and fails.
  var PARAMETER = "query";
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 120;
  var COUNT_DELAY_MS = 300;

  function editable(node) {
    if (!node || !node.tagName) { return false; }
    var tag = node.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || node.isContentEditable;
  }

  /* "/" and "s" are the search keys of both supported themes. Caught before the theme's
     own handlers (capture, on window), which look for a search of their own that the
     site no longer has: the built-in theme's throws when it is missing. */
  window.addEventListener("keydown", function (event) {
    if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (editable(event.target)) { return; }
    var field = document.querySelector('input[type="search"]');
    if (field) {
      event.preventDefault();
      event.stopPropagation();
      field.focus();
      field.select();
    }
  }, true);

  /* A search sent from the box lands in the search page's field; a search page opened
     from a link or a bookmark starts at the top, as any page does. */
  var FOCUS_KEY = "review-records-search-focus";
  document.querySelectorAll("form.rr-search-box").forEach(function (box) {
    box.addEventListener("submit", function () {
      try { sessionStorage.setItem(FOCUS_KEY, "1"); } catch (error) { /* storage off */ }
    });
  });

  var results = document.querySelector("[data-search-results]");
  if (!results) { return; }

  var form = document.querySelector("[data-search-form]");
  var field = form.querySelector('input[type="search"]');
  var status = document.querySelector("[data-search-status]");
  var facetBox = document.querySelector("[data-search-facets]");
  var clear = document.querySelector("[data-search-clear]");
  var pagefind = null;
  var counter = null;
  var latest = 0;
  var timer = null;
  var shown = [];
  var found = [];

  function say(text) { status.textContent = text; }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function selectedFilters() {
    var filters = {};
    facetBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (filters[box.name] = filters[box.name] || []).push(box.value);
    });
    var query = {};
    Object.keys(filters).forEach(function (name) { query[name] = { any: filters[name] }; });
    return query;
  }

  function showCounts(counts) {
    facetBox.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var n = (counts[box.name] || {})[box.value] || 0;
      box.parentNode.querySelector("[data-count]").textContent = "(" + n + ")";
    });
  }

  /* The counts for what is on screen, from the counting instance (made on first use, so
     that nothing of the filter index is fetched before the first results). The facets
     are marked busy until they are filled in. */
  function refreshCounts(ticket, term, filters) {
    facetBox.setAttribute("aria-busy", "true");
    // Both instances share Pagefind's one worker: a count started while the reader is
    // still typing would hold up the next results, so it waits for a pause.
    setTimeout(function () { if (ticket === latest) { count(ticket, term, filters); } }, COUNT_DELAY_MS);
  }

  function count(ticket, term, filters) {
    if (!counter) { counter = pagefind.createInstance({ baseUrl: SITE_ROOT.pathname }); }
    counter.filters().then(function () {
      return counter.search(term || null, { filters: filters });
    }).then(function (search) {
      var counts = search && search.filters;
      if (ticket !== latest || !counts) { return; }
      showCounts(counts);
      facetBox.removeAttribute("aria-busy");
    }).catch(function () {
      if (ticket === latest) { facetBox.removeAttribute("aria-busy"); }
    });
  }

  /* Pagefind's excerpt is HTML made from the page's text, with <mark> around each match.
     It is parsed in an inert document and copied as text, keeping only <mark>. */
  function excerptNode(excerpt) {
    var p = document.createElement("p");
    p.className = "rr-excerpt";
    var doc = new DOMParser().parseFromString("<body>" + excerpt + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.tagName.toLowerCase() === "mark") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    var heading = document.createElement("h3");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var kind = data.filters && data.filters.kind ? data.filters.kind.join(", ") : "";
    if (kind) {
      var about = document.createElement("p");
      about.className = "rr-result-kind";
      about.textContent = kind;
      item.appendChild(about);
    }
    item.appendChild(excerptNode(data.excerpt || ""));
    return item;
  }

  function showMore(list, more, ticket) {
    var next = found.slice(shown.length, shown.length + PAGE_SIZE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
      if (ticket !== latest) { return; }
      pages.forEach(function (data) {
        shown.push(data);
        list.appendChild(resultItem(data));
      });
      more.hidden = shown.length >= found.length;
      more.textContent = "Show more results (" + (found.length - shown.length) + " more)";
    });
  }

  function render(search, ticket, filtered) {
    found = search.results;
    shown = [];
    var n = found.length;
    var text = n ? plural(n, "result") : "No results";
    if (filtered) { text += " with these filters (" + search.unfilteredResultCount + " without)"; }
    say(text + ".");
    results.textContent = "";
    if (!n) { return Promise.resolve(); }
    var list = document.createElement("ol");
    list.className = "rr-results";
    var more = document.createElement("button");
    more.type = "button";
    more.className = "rr-more";
    more.hidden = true;
    more.addEventListener("click", function () {
      var first = shown.length;
      showMore(list, more, ticket).then(function () {
        var link = list.querySelectorAll("a")[first];
        if (link) { link.focus(); }
      });
    });
    results.appendChild(list);
    results.appendChild(more);
    return showMore(list, more, ticket);
  }

  function run() {
    if (!pagefind) { return; }
    busy(true);
    var ticket = ++latest;
    var term = field.value.trim();
    var filters = selectedFilters();
    var filtered = Object.keys(filters).length > 0;
    var url = new URL(location.href);
    if (term) { url.searchParams.set(PARAMETER, term); } else { url.searchParams.delete(PARAMETER); }
    history.replaceState(null, "", url);
    if (!term && !filtered) {
      results.textContent = "";
      found = [];
      say("Type a word to search, or choose a filter.");
      busy(false);
      // Nothing to count yet: the filter index is not fetched for a reader who only came to type.
      facetBox.querySelectorAll("[data-count]").forEach(function (n) { n.textContent = ""; });
      facetBox.removeAttribute("aria-busy");
      return;
    }
    say("Searching…");
    pagefind.search(term || null, { filters: filters }).then(function (search) {
      if (ticket === latest && search) { return render(search, ticket, filtered); }
      return null;
    }).then(function () {
      if (ticket === latest) {
        busy(false);
        refreshCounts(ticket, term, filters);
      }
    }).catch(function () {
      say("The search failed: reload the page to try again.");
      busy(false);
    });
  }

  function links() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

  /* aria-busy marks the results as about to change, from the key press to the new results
     (assistive technology waits for them; so do the tests). */
  function busy(on) {
    if (on) { results.setAttribute("aria-busy", "true"); } else { results.removeAttribute("aria-busy"); }
  }

  field.addEventListener("input", function () {
    busy(true);
    // Fetch the index chunks for the words so far while the reader is still typing.
    var term = field.value.trim();
    if (pagefind && term) { pagefind.preload(term).catch(function () {}); }
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  field.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });
  results.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === "ArrowDown" && at + 1 < all.length) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : field).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      field.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  clear.addEventListener("click", function () {
    facetBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      box.checked = false;
    });
    run();
    field.focus();
  });

  field.value = new URL(location.href).searchParams.get(PARAMETER) || "";
  try {
    if (sessionStorage.getItem(FOCUS_KEY)) {
      sessionStorage.removeItem(FOCUS_KEY);
      field.focus();
    }
  } catch (error) { /* storage off: focus stays where the browser puts it */ }
  say("Loading the search index…");
  busy(true);
  import(new URL("pagefind/pagefind.js", SITE_ROOT).href).then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: SITE_ROOT.pathname, excerptLength: 24 });
  }).then(function () {
    facetBox.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () { run(); });
    });
    facetBox.hidden = false;
    run();
  }).catch(function () {
    say("Search is not available here: its index could not be loaded.");
    busy(false);
  });
})();
