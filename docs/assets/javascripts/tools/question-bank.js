/* Question bank filters (Study > Question bank): narrow the list of prompts by domain, technique
 * and level. The page lists every prompt without JavaScript; this script adds three labelled
 * selects, a "Show all" button and a live count. Each prompt carries its facets in data-domains,
 * data-techniques and data-levels (space-separated slugs); technique display names come from the
 * container's data-technique-names (JSON). Loaded per page from the front matter, so it runs
 * again after every instant navigation: it initialises the current page once and keeps no
 * global state. Stores nothing. */
(function () {
  "use strict";
  var FACETS = [
    { key: "domains", label: "Domain", all: "All domains" },
    { key: "techniques", label: "Technique", all: "All techniques" },
    { key: "levels", label: "Level", all: "All levels" }
  ];

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  function humanize(slug) {
    var text = slug.replace(/-/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function init(bank) {
    if (bank.getAttribute("data-fg-ready") === "true") {
      return;
    }
    bank.setAttribute("data-fg-ready", "true");
    var items = Array.prototype.slice.call(bank.querySelectorAll(".fg-bank__item"));
    var names = {};
    try {
      names = JSON.parse(bank.getAttribute("data-technique-names") || "{}");
    } catch (error) {
      names = {};
    }

    var form = document.createElement("form");
    form.className = "fg-bank__filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the question bank");
    var selects = {};
    FACETS.forEach(function (facet) {
      var values = {};
      items.forEach(function (item) {
        words(item.getAttribute("data-" + facet.key)).forEach(function (v) {
          values[v] = true;
        });
      });
      var id = "fg-bank-" + facet.key;
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = facet.label;
      var select = document.createElement("select");
      select.id = id;
      select.setAttribute("data-facet", facet.key);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = facet.all;
      select.appendChild(all);
      var keys = Object.keys(values);
      if (facet.key === "levels") {
        keys = ["mid", "senior", "staff"].filter(function (v) { return values[v]; });
      } else {
        keys.sort(function (a, b) {
          var x = (names[a] || humanize(a)).toLowerCase();
          var y = (names[b] || humanize(b)).toLowerCase();
          return x < y ? -1 : x > y ? 1 : 0;
        });
      }
      keys.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = facet.key === "techniques" && names[v] ? names[v] : humanize(v);
        select.appendChild(option);
      });
      var field = document.createElement("div");
      field.className = "fg-bank__field";
      field.appendChild(label);
      field.appendChild(select);
      form.appendChild(field);
      selects[facet.key] = select;
    });
    var reset = document.createElement("button");
    reset.type = "reset";
    reset.className = "md-button fg-bank__reset";
    reset.textContent = "Show all";
    form.appendChild(reset);

    var count = document.createElement("p");
    count.className = "fg-bank__count";
    count.setAttribute("aria-live", "polite");
    count.setAttribute("role", "status");

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = FACETS.every(function (facet) {
          var wanted = selects[facet.key].value;
          return !wanted || words(item.getAttribute("data-" + facet.key)).indexOf(wanted) >= 0;
        });
        item.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      count.textContent = shown === items.length
        ? "Showing all " + items.length + " prompts."
        : "Showing " + shown + " of " + items.length + " prompts.";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    bank.insertBefore(count, bank.firstChild);
    bank.insertBefore(form, count);
    apply();
  }

  document.querySelectorAll("[data-fg-bank]").forEach(init);
})();
