/* review-records: filter and sort the reviews table (/reviews/).
   Progressive enhancement: without this script the table is complete. */
(function () {
  "use strict";

  var FILTERS = [
    ["status", "Status"],
    ["type", "Type"],
    ["themes", "Theme"],
    ["agencies", "Agency"],
    ["clocks", "Clock"],
    ["year", "Year"],
    // National classification: shown only when some review records it.
    ["incident", "Incident", true],
    ["age-band", "Age band", true],
    ["harm-types", "Harm type", true]
  ];

  function valuesOf(row, key) {
    var raw = row.getAttribute("data-" + key) || "";
    return raw ? raw.split(" ") : [];
  }

  function labelsOf(table, key) {
    var raw = table.getAttribute("data-labels-" + key);
    return raw ? JSON.parse(raw) : {};
  }

  function buildFilters(table, rows) {
    var box = document.createElement("div");
    box.className = "rr-filters";
    box.setAttribute("role", "search");
    box.setAttribute("aria-label", "Filter reviews");
    var selects = {};
    FILTERS.forEach(function (pair) {
      var key = pair[0];
      var labels = labelsOf(table, key);
      var seen = {};
      rows.forEach(function (row) {
        valuesOf(row, key).forEach(function (v) { seen[v] = true; });
      });
      if (pair[2] && !Object.keys(seen).length) { return; }
      var order = (table.getAttribute("data-order-" + key) || "").split(" ");
      var values = Object.keys(seen).sort(function (a, b) {
        var la = labels[a] || a, lb = labels[b] || b;
        if (order.indexOf(a) !== -1 && order.indexOf(b) !== -1) {
          return order.indexOf(a) - order.indexOf(b);
        }
        return key === "year" ? (a < b ? 1 : -1) : la.localeCompare(lb);
      });
      var label = document.createElement("label");
      label.textContent = pair[1];
      var select = document.createElement("select");
      select.id = "rr-filter-" + key;
      select.name = key;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = labels[v] || v;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { apply(table, rows, selects); });
      label.appendChild(select);
      box.appendChild(label);
      selects[key] = select;
    });
    var count = document.createElement("p");
    count.className = "rr-count";
    count.id = "rr-count";
    count.setAttribute("role", "status");
    var wrap = table.closest(".rr-table-wrap") || table;
    wrap.parentNode.insertBefore(box, wrap);
    wrap.parentNode.insertBefore(count, wrap);
    apply(table, rows, selects);
  }

  function apply(table, rows, selects) {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = Object.keys(selects).every(function (key) {
        var wanted = selects[key].value;
        return !wanted || valuesOf(row, key).indexOf(wanted) !== -1;
      });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var count = document.getElementById("rr-count");
    count.textContent = "Showing " + shown + " of " + rows.length + " reviews.";
  }

  function sortKey(row, index) {
    var cell = row.cells[index];
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }

  function buildSorting(table, rows) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.hasAttribute("data-numeric");
        var sorted = rows.slice().sort(function (a, b) {
          var x = sortKey(a, index), y = sortKey(b, index);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        var body = table.tBodies[0];
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // The built-in mkdocs theme names its search box by a title alone, which is not a
  // visible label (axe: label-title-only); the dialog's visible heading names it instead.
  function labelSearch() {
    var box = document.getElementById("mkdocs-search-query");
    if (box && document.getElementById("searchModalLabel") && !box.hasAttribute("aria-labelledby")) {
      box.setAttribute("aria-labelledby", "searchModalLabel");
    }
  }

  // A table too wide for the window scrolls in its own box; a keyboard user can scroll
  // it only if the box can take focus (WCAG 2.1.1; axe: scrollable-region-focusable).
  // Boxes with a link or control inside are reached through those already.
  var SCROLLERS = ".md-typeset__scrollwrap, .rr-table-wrap, [role='main'] table";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function focusableScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) { return; }
      if (box.querySelector(FOCUSABLE)) { return; }
      var caption = box.querySelector("caption");
      var heading = box.previousElementSibling;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim()
        : heading && /^H[2-6]$/.test(heading.tagName) ? heading.textContent.trim()
        : "Table, scrolls sideways");
    });
  }

  function init() {
    labelSearch();
    // After the theme has wrapped its tables (Material does so as the page is set up).
    window.setTimeout(focusableScrollers, 0);
    var table = document.querySelector("table[data-rr-reviews]");
    if (!table || table.getAttribute("data-ready")) { return; }
    table.setAttribute("data-ready", "1");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    buildFilters(table, rows);
    buildSorting(table, rows);
  }

  window.addEventListener("resize", focusableScrollers);

  // Material's instant navigation swaps pages without a load event.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
