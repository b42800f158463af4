/* Progress page (study/progress.md): reads what the other tools keep in localStorage and shows
 * coverage per case and per step; exports, imports and resets it.
 *
 * Data from the build: progress-data.js (window.fieldguideProgress): the steps, each case's
 * number of checklist items per step, its deck key and number of cards (counts, not item keys or
 * card ids, so the data grows by a few numbers per case, not with the items and cards), the
 * glossary's deck keys (its parts, and "glossary", the one file it was before 2026-12-05, which
 * entries name until the flashcards page moves them) and card count, and the storage keys:
 *   fieldguide:checklist:<slug>  {<item key>: true}  (docs/assets/javascripts/checklist.js)
 *   fieldguide:practised         {<slug>: ISO date}  (the mock interview)
 *   fieldguide:cards             {version: 1, cards: {<id>: {box, due, ..., deck, kind}}}
 *                                (flashcards.js)
 * A step's ticks are the case's stored items whose key starts with "<step id>." (item keys are
 * "<step>.<item>"), at most the step's item count; checklist.js drops ticks of items a case no
 * longer has when the case page opens, so a stale tick counts only until then.
 * A case's "flashcards reviewed" counts the entries whose deck is the case's deck. Entries stored
 * before flashcards.js recorded the deck (no deck field) count in the total reviewed only, until
 * the flashcards page loads the deck that holds them and fills their deck in.
 * An export holds every localStorage entry whose key starts with "fieldguide:".
 */
(function () {
  "use strict";
  var FORMAT = "fieldguide-progress";
  var script = document.currentScript;
  var root = script ? new URL("../../../", script.src) : new URL("/", location.href);

  /* A page address from the build ("cases/x/", "glossary/#term") for this copy of the site: the
   * offline copy (opened from the file system) uses "cases/x.html" instead of directories. */
  function pageUrl(path) {
    var href = path;
    if (/\.html$/.test(location.pathname)) {
      href = path.replace(/\/(#.*)?$/, function (match, hash) { return ".html" + (hash || ""); });
    }
    return new URL(href, root).href;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Ticked items of one step in a case's stored ticks ({<step>.<item>: true}). */
  function ticked(ticks, step) {
    return Object.keys(ticks).filter(function (k) {
      return ticks[k] === true && k.indexOf(step + ".") === 0;
    }).length;
  }

  function read(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "null");
      return value && typeof value === "object" ? value : {};
    } catch (error) { return {}; }
  }

  function ownKeys(prefix) {
    var keys = [];
    for (var i = 0; i < window.localStorage.length; i++) {
      var key = window.localStorage.key(i);
      if (key && key.indexOf(prefix) === 0) keys.push(key);
    }
    return keys.sort();
  }

  function percent(done, total) { return total ? Math.round(100 * done / total) + "%" : "–"; }

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  /* The problem with an imported file, or null. Names the field that is wrong. */
  function problem(parsed, keys) {
    if (!isObject(parsed)) return "expected a JSON object exported from this page";
    if (parsed.format !== FORMAT) return "field \"format\": expected \"" + FORMAT + "\"";
    if (parsed.version !== 1) return "field \"version\": expected 1";
    if (!isObject(parsed.data)) return "field \"data\": expected an object of stored entries";
    var names = Object.keys(parsed.data);
    for (var i = 0; i < names.length; i++) {
      var name = names[i], value = parsed.data[name], where = "data[\"" + name + "\"]";
      if (name.indexOf(keys.prefix) !== 0) return where + ": keys must start with \"" + keys.prefix + "\"";
      if (name.indexOf(keys.checklist) === 0) {
        if (!isObject(value)) return where + ": expected an object of ticked items";
        for (var item in value) if (value[item] !== true) return where + "[\"" + item + "\"]: expected true";
      } else if (name === keys.practised) {
        if (!isObject(value)) return where + ": expected an object of case slugs and dates";
        for (var slug in value) {
          if (typeof value[slug] !== "string" || isNaN(Date.parse(value[slug]))) return where + "[\"" + slug + "\"]: expected an ISO date";
        }
      } else if (name === keys.cards) {
        if (!isObject(value) || !isObject(value.cards)) return where + ".cards: expected an object of card states";
        for (var id in value.cards) {
          var entry = value.cards[id];
          if (!isObject(entry) || !(entry.box >= 0 && entry.box <= 5 && entry.box % 1 === 0)) return where + ".cards[\"" + id + "\"].box: expected a whole number from 0 to 5";
          if (typeof entry.due !== "number" || !isFinite(entry.due)) return where + ".cards[\"" + id + "\"].due: expected a time in milliseconds";
          // deck and kind are optional: states saved before they were recorded have neither
          if ("deck" in entry && typeof entry.deck !== "string") return where + ".cards[\"" + id + "\"].deck: expected a deck key (text)";
          if ("kind" in entry && typeof entry.kind !== "string") return where + ".cards[\"" + id + "\"].kind: expected a card kind (text)";
        }
      }
    }
    return null;
  }

  function mount(app, data) {
    if (app.fgProgress) return;
    app.fgProgress = true;
    var keys = data.keys;
    app.textContent = "";
    var summary = el("ul", { "class": "fg-progress__summary" });
    // Scrolls sideways on narrow screens: focusable so that the keyboard can scroll it too.
    var tableWrap = el("div", { "class": "fg-progress__table", tabindex: "0", role: "region", "aria-label": "Progress per case and step" });
    var actions = el("div", { "class": "fg-progress__actions" });
    var message = el("p", { "class": "fg-progress__message", role: "status", "aria-live": "polite" });
    var error = el("p", { "class": "fg-progress__error", role: "alert" });

    var exportButton = el("button", { type: "button", "class": "md-button fg-progress__export" }, "Export progress");
    var fileLabel = el("label", { "for": "fg-progress-import", "class": "fg-progress__import-label" }, "Import progress from a file");
    var file = el("input", { type: "file", id: "fg-progress-import", accept: "application/json,.json" });
    var resetButton = el("button", { type: "button", "class": "md-button fg-progress__reset" }, "Reset all progress");
    actions.appendChild(exportButton);
    actions.appendChild(resetButton);
    var importRow = el("p", { "class": "fg-progress__import" });
    importRow.appendChild(fileLabel);
    importRow.appendChild(document.createTextNode(" "));
    importRow.appendChild(file);
    app.appendChild(summary);
    app.appendChild(tableWrap);
    app.appendChild(actions);
    app.appendChild(importRow);
    app.appendChild(message);
    app.appendChild(error);

    function render() {
      var cards = read(keys.cards).cards || {};
      var perDeck = {};  // deck key -> entries reviewed
      Object.keys(cards).forEach(function (id) {
        var entry = cards[id];
        if (isObject(entry) && typeof entry.deck === "string") perDeck[entry.deck] = (perDeck[entry.deck] || 0) + 1;
      });
      var reviewedIn = function (deck) { return Math.min(perDeck[deck.deck] || 0, deck.cards); };
      var practised = read(keys.practised);
      var now = Date.now();
      var stepTotals = data.steps.map(function () { return { done: 0, total: 0 }; });
      var allDone = 0, allTotal = 0, reviewedAll = 0, cardsAll = 0, due = 0, practisedCount = 0;
      var table = el("table", {});
      table.appendChild(el("caption", {}, "Checklist items ticked per case and step, flashcards reviewed, and mock interviews"));
      var head = el("tr", {});
      head.appendChild(el("th", { scope: "col" }, "Case"));
      data.steps.forEach(function (step, i) {
        head.appendChild(el("th", { scope: "col", title: step.title }, (i + 1) + ". " + step.title));
      });
      ["Checklist", "Flashcards reviewed", "Practiced"].forEach(function (name) {
        head.appendChild(el("th", { scope: "col" }, name));
      });
      var thead = el("thead", {});
      thead.appendChild(head);
      table.appendChild(thead);
      var body = el("tbody", {});
      data.cases.forEach(function (c) {
        var ticks = read(keys.checklist + c.slug);
        var row = el("tr", { "data-case": c.slug });
        var th = el("th", { scope: "row" });
        th.appendChild(el("a", { href: pageUrl(c.url) }, c.title));
        row.appendChild(th);
        var done = 0, total = 0;
        data.steps.forEach(function (step, i) {
          var items = c.checklist[step.id] || 0;
          var d = Math.min(items, ticked(ticks, step.id));
          done += d; total += items;
          stepTotals[i].done += d; stepTotals[i].total += items;
          row.appendChild(el("td", { "data-step": step.id }, d + " / " + items));
        });
        allDone += done; allTotal += total;
        row.appendChild(el("td", { "data-total": "" }, done + " / " + total + " (" + percent(done, total) + ")"));
        var reviewed = reviewedIn(c);
        reviewedAll += reviewed; cardsAll += c.cards;
        row.appendChild(el("td", { "data-cards": "" }, reviewed + " / " + c.cards));
        var when = typeof practised[c.slug] === "string" ? practised[c.slug] : "";
        if (when) practisedCount += 1;
        row.appendChild(el("td", { "data-practised": "" }, when ? when.slice(0, 10) : "not yet"));
        body.appendChild(row);
      });
      table.appendChild(body);
      var foot = el("tr", {});
      foot.appendChild(el("th", { scope: "row" }, "All cases"));
      stepTotals.forEach(function (t, i) {
        foot.appendChild(el("td", { "data-step-total": data.steps[i].id }, t.done + " / " + t.total + " (" + percent(t.done, t.total) + ")"));
      });
      foot.appendChild(el("td", {}, allDone + " / " + allTotal + " (" + percent(allDone, allTotal) + ")"));
      var glossaryReviewed = Math.min(data.glossary.cards, data.glossary.decks.reduce(function (n, key) {
        return n + (perDeck[key] || 0);
      }, 0));
      foot.appendChild(el("td", {}, reviewedAll + " / " + cardsAll));
      foot.appendChild(el("td", {}, practisedCount + " / " + data.cases.length));
      var tfoot = el("tfoot", {});
      tfoot.appendChild(foot);
      table.appendChild(tfoot);
      tableWrap.textContent = "";
      tableWrap.appendChild(table);
      Object.keys(cards).forEach(function (id) { if (cards[id] && cards[id].due <= now) due += 1; });
      summary.textContent = "";
      [
        "Checklists: " + allDone + " of " + allTotal + " items ticked (" + percent(allDone, allTotal) + ").",
        "Flashcards: " + Object.keys(cards).length + " reviewed (" + glossaryReviewed + " of " +
          data.glossary.cards + " glossary cards), " + due + " of them due again now.",
        "Mock interviews: " + practisedCount + " of " + data.cases.length + " cases practiced."
      ].forEach(function (line) { summary.appendChild(el("li", {}, line)); });
    }

    exportButton.addEventListener("click", function () {
      var stored = {};
      ownKeys(keys.prefix).forEach(function (key) {
        var raw = window.localStorage.getItem(key);
        try { stored[key] = JSON.parse(raw); } catch (e) { stored[key] = raw; }
      });
      var text = JSON.stringify({ format: FORMAT, version: 1, exported: new Date().toISOString(), data: stored }, null, 1);
      var url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      var link = el("a", { href: url, download: "fieldguide-progress-" + new Date().toISOString().slice(0, 10) + ".json" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 0);
      error.textContent = "";
      message.textContent = "Exported " + Object.keys(stored).length + " stored entries.";
    });

    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen) return;
      chosen.text().then(function (text) {
        var parsed;
        try { parsed = JSON.parse(text); }
        catch (e) { throw new Error("it is not valid JSON (" + e.message + ")"); }
        var found = problem(parsed, keys);
        if (found) throw new Error(found);
        ownKeys(keys.prefix).forEach(function (key) { window.localStorage.removeItem(key); });
        Object.keys(parsed.data).forEach(function (key) {
          var value = parsed.data[key];
          window.localStorage.setItem(key, typeof value === "string" ? value : JSON.stringify(value));
        });
        error.textContent = "";
        message.textContent = "Imported " + Object.keys(parsed.data).length + " entries from " + chosen.name + ".";
        render();
      }).catch(function (e) {
        message.textContent = "";
        error.textContent = "Could not import " + chosen.name + ": " + e.message + ". Your progress is unchanged.";
      }).then(function () { file.value = ""; });
    });

    resetButton.addEventListener("click", function () {
      var ok = window.confirm("Delete all progress this guide keeps in this browser (checklist ticks, " +
        "practiced cases, flashcard reviews)? This cannot be undone; export it first to keep a copy.");
      if (!ok) return;
      ownKeys(keys.prefix).forEach(function (key) { window.localStorage.removeItem(key); });
      error.textContent = "";
      message.textContent = "All progress was reset.";
      render();
    });

    render();
  }

  function start() {
    var app = document.querySelector("[data-fg-progress]");
    if (app && window.fieldguideProgress) mount(app, window.fieldguideProgress);
  }

  if (!window.fieldguideProgressListening) {
    window.fieldguideProgressListening = true;
    document.addEventListener("fieldguideProgress:ready", start);
  }
  start();
})();
