/* Flashcards review (study/flashcards.md): Leitner boxes kept in localStorage.
 *
 * Data, generated at build time, in two parts so that a first visit stays small (issue 13):
 * - flashcards-data.js, loaded by the page (window.fieldguideCards): the deck filters and, for
 *   each deck file (the glossary's eight parts, then one per case), its key, case slug, title,
 *   file and the number of its cards of each kind. No card ids: its size does not depend on the
 *   number of cards. With the review state below (each entry names its deck and kind) that is
 *   enough to count the cards due under any filter and to pick the next card.
 * - cards/<deck>.js, one per deck (window.fieldguideCardDecks[<deck>]): the cards' text. This
 *   script loads a deck's file (a <script src> next to this script, so it works on a server at any
 *   path and from file://) only when it is about to show one of that deck's cards, and waits for
 *   it. So the review loads decks lazily as it proceeds: "All cards", the default, shows new
 *   cards in order (the glossary first) and loads one deck, an eighth of the glossary, on first
 *   paint; a case deck loads just that case; a returning reader with due cards of several decks
 *   loads them as they come up. A deck that fails to load is named in the page; changing the
 *   deck filter tries again.
 *
 * Review state: localStorage "fieldguide:cards" = {version: 1, cards: {<card id>: {box, due,
 * reviews, last, deck, kind}}}; due and last are milliseconds since the epoch, deck is the deck
 * file's key ("glossary-<n>", "case-<slug>"), kind the card's kind. A card never reviewed is "new"
 * and due. Counting: due = entries with due <= now matching the filter; new = the index's count
 * of cards under the filter minus the entries matching it. Next card: the due entry due first
 * (load its deck, show it); else the first deck, in index order, with new cards under the filter
 * (load it, show its first card not in the state). Entries stored before deck and kind were
 * recorded (same version 1) are filled in when a deck file that holds their id loads; until then
 * they count under "All cards" only, and if only such entries are due, the decks load in index
 * order until they are found. An entry whose card the loaded deck no longer holds is left in
 * storage but not counted. An entry of a deck file that no longer exists but whose cards moved
 * (the index's "moved": old deck key -> first character of the card id -> new deck key; the
 * glossary was one file, "glossary", before it was split by id) is moved to its new deck file
 * whenever the state is read, and saved.
 * Grades: 1 again (box 1, back in ten minutes), 2 hard (same box, half its interval),
 * 3 good (next box), 4 easy (two boxes up). Box intervals: 1, 3, 7, 14, 30 days.
 *
 * The script runs again on every visit of the page (instant navigation re-runs it): it mounts the
 * current page's container once and registers its keyboard handler once per window. Loaded decks
 * stay in the window, so coming back to the page loads nothing again.
 */
(function () {
  "use strict";
  var KEY = "fieldguide:cards";
  var FILTER_KEY = "fieldguide:cards-filter";
  var MINUTE = 60 * 1000;
  var DAY = 24 * 60 * MINUTE;
  var INTERVALS = [0, 1, 3, 7, 14, 30]; // days, by box
  var MAX_BOX = INTERVALS.length - 1;
  var GRADES = [
    { key: "1", name: "Again" },
    { key: "2", name: "Hard" },
    { key: "3", name: "Good" },
    { key: "4", name: "Easy" }
  ];
  var script = document.currentScript;
  var here = script ? script.src : new URL("assets/javascripts/tools/flashcards.js", new URL("/", location.href)).href;
  var root = new URL("../../../", here);
  var loads = window.fieldguideCardLoads || (window.fieldguideCardLoads = {});  // url -> promise

  /* The cards of one deck (its data script inserted once per window; a failed load is forgotten,
   * so the next attempt inserts it again). */
  function loadDeck(deck) {
    var url = new URL(deck.file, here).href;
    var stored = function () { return (window.fieldguideCardDecks || {})[deck.key]; };
    if (stored()) return Promise.resolve(stored());
    if (!loads[url]) {
      loads[url] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.onload = function () {
          if (stored()) resolve(stored());
          else fail();
        };
        tag.onerror = fail;
        function fail() {
          delete loads[url];
          tag.remove();
          reject(new Error(deck.file));
        }
        document.head.appendChild(tag);
      });
    }
    return loads[url];
  }

  function loaded(deck) { return (window.fieldguideCardDecks || {})[deck.key]; }

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  function load() {
    try {
      var state = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (state && typeof state === "object" && state.cards && typeof state.cards === "object") {
        return state;
      }
    } catch (error) { /* unreadable: start again */ }
    return { version: 1, cards: {} };
  }

  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); }
    catch (error) { /* storage full or disabled: reviews last for this page view only */ }
  }

  function schedule(entry, grade, now) {
    var box = entry ? entry.box : 0;
    var due;
    if (grade === 1) { box = 1; due = now + 10 * MINUTE; }
    else if (grade === 2) { box = Math.max(1, box); due = now + INTERVALS[box] * DAY / 2; }
    else { box = Math.min(MAX_BOX, box + (grade === 4 ? 2 : 1)); due = now + INTERVALS[box] * DAY; }
    return { box: box, due: Math.round(due), reviews: (entry ? entry.reviews || 0 : 0) + 1, last: now };
  }

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

  function paragraphs(target, text) {
    target.textContent = "";
    String(text).split(/\n\s*\n/).forEach(function (part) {
      if (part.trim()) target.appendChild(el("p", { "class": "fg-cards__para" }, part.trim()));
    });
  }

  function matches(card, filter) {
    if (filter === "all") return true;
    if (filter.indexOf("kind:") === 0) return card.kind === filter.slice(5);
    if (filter.indexOf("case:") === 0) return card.deck === filter.slice(5) && card.kind !== "glossary";
    return false;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* Moves the entries of deck files that no longer exist to the file that now holds their card;
   * true if any moved. */
  function moveEntries(state, moved) {
    var changed = false;
    Object.keys(state.cards).forEach(function (id) {
      var entry = state.cards[id];
      if (!isObject(entry) || typeof entry.deck !== "string") return;
      var to = Object.prototype.hasOwnProperty.call(moved, entry.deck) ? moved[entry.deck] : null;
      if (isObject(to) && typeof to[id.charAt(0)] === "string") {
        entry.deck = to[id.charAt(0)];
        changed = true;
      }
    });
    return changed;
  }

  function mount(app, data) {
    if (app.fgCards) return;
    var moved = isObject(data.moved) ? data.moved : {};
    /* The stored state, with entries of moved decks moved (and saved). */
    function read() {
      var found = load();
      if (moveEntries(found, moved)) save(found);
      return found;
    }
    var state = read();
    var filter = window.localStorage.getItem(FILTER_KEY) || "all";
    if (!data.filters.some(function (f) { return f.value === filter; })) filter = "all";
    var byKey = {};  // deck key -> its entry in the index
    data.decks.forEach(function (deck) { byKey[deck.key] = deck; });
    var text = {};  // card id -> the card with its text, once its deck is loaded
    var gone = {};  // ids of stored entries that their (loaded) deck no longer holds
    var migrated = {};  // deck keys whose cards were matched against the state
    var current = null;
    var currentDeck = null;
    var revealed = false;
    var drawing = 0;  // counts renders: a deck that arrives late draws only if nothing came since

    app.textContent = "";
    var controls = el("div", { "class": "fg-cards__controls" });
    var label = el("label", { "for": "fg-cards-filter" }, "Deck");
    var select = el("select", { id: "fg-cards-filter" });
    data.filters.forEach(function (f) {
      var option = el("option", { value: f.value }, f.label + " (" + f.count + ")");
      if (f.value === filter) option.selected = true;
      select.appendChild(option);
    });
    controls.appendChild(label);
    controls.appendChild(select);
    var status = el("p", { "class": "fg-cards__status", role: "status", "aria-live": "polite" });
    var card = el("section", { "class": "fg-cards__card", "aria-label": "Flashcard" });
    var meta = el("p", { "class": "fg-cards__meta" });
    var front = el("div", { "class": "fg-cards__front", tabindex: "-1" });
    var back = el("div", { "class": "fg-cards__back", tabindex: "-1", hidden: "" });
    var source = el("p", { "class": "fg-cards__source", hidden: "" });
    var show = el("button", { type: "button", "class": "md-button md-button--primary fg-cards__show", "aria-keyshortcuts": "Space" }, "Show answer");
    var grades = el("div", { "class": "fg-cards__grades", role: "group", "aria-label": "How well did you know it?", hidden: "" });
    GRADES.forEach(function (g, i) {
      var button = el("button", { type: "button", "class": "md-button fg-cards__grade", "data-grade": String(i + 1), "aria-keyshortcuts": g.key }, g.key + " " + g.name);
      button.addEventListener("click", function () { grade(i + 1); });
      grades.appendChild(button);
    });
    var empty = el("p", { "class": "fg-cards__empty", hidden: "" });
    card.appendChild(meta);
    card.appendChild(front);
    card.appendChild(back);
    card.appendChild(source);
    card.appendChild(show);
    card.appendChild(grades);
    app.appendChild(controls);
    app.appendChild(status);
    app.appendChild(card);
    app.appendChild(empty);

    /* The cards of a loaded deck: known by id from now on, and the stored entries of its cards
     * given their deck and kind (entries stored before those were recorded). */
    function known(deck, cards) {
      cards.cards.forEach(function (c) { text[c.id] = c; });
      if (migrated[deck.key]) return;
      migrated[deck.key] = true;
      var held = {};
      cards.cards.forEach(function (c) { held[c.id] = c; });
      var fresh = read(), changed = false;
      Object.keys(fresh.cards).forEach(function (id) {
        var entry = fresh.cards[id];
        if (!isObject(entry)) return;
        var c = held[id];
        if (c && (entry.deck !== deck.key || entry.kind !== c.kind)) {
          entry.deck = deck.key;
          entry.kind = c.kind;
          changed = true;
        } else if (!c && entry.deck === deck.key) {
          gone[id] = true;
        }
      });
      if (changed) save(fresh);
      state = fresh;
    }

    /* Does a stored entry count under the filter? One without a deck (stored before decks were
     * recorded) counts under "All cards" only; one of a deck the guide no longer has, nowhere. */
    function counts(entry) {
      if (!entry.deck) return filter === "all";
      var deck = byKey[entry.deck];
      return !!deck && matches({ kind: entry.kind, deck: deck.deck }, filter);
    }

    /* How many of a deck's cards the filter takes (from the index's counts per kind). */
    function size(deck) {
      return Object.keys(deck.counts).reduce(function (n, kind) {
        return n + (matches({ kind: kind, deck: deck.deck }, filter) ? deck.counts[kind] : 0);
      }, 0);
    }

    function queue(now) {
      var due = [], later = [], reviewed = {}, undecked = 0;
      Object.keys(state.cards).forEach(function (id) {
        var entry = state.cards[id];
        if (gone[id] || !isObject(entry) || typeof entry.due !== "number" || !counts(entry)) return;
        (entry.due <= now ? due : later).push({ id: id, entry: entry });
        if (entry.deck) reviewed[entry.deck] = (reviewed[entry.deck] || 0) + 1;
        else undecked += 1;
      });
      var byDue = function (a, b) { return a.entry.due - b.entry.due; };
      due.sort(byDue);
      later.sort(byDue);
      var fresh = 0, freshDeck = null;
      data.decks.forEach(function (deck) {
        var n = Math.max(0, size(deck) - (reviewed[deck.key] || 0));
        fresh += n;
        if (n && !freshDeck) freshDeck = deck;
      });
      return { due: due, later: later, fresh: Math.max(0, fresh - undecked), freshDeck: freshDeck };
    }

    /* What to show next: {deck, id} for a due card, {deck} for the deck's first new card,
     * {deck, find: true} for a deck to load to find due entries without a deck, or null. */
    function pick(q) {
      var due = q.due.filter(function (d) { return d.entry.deck; })[0];
      if (due) return { deck: byKey[due.entry.deck], id: due.id };
      if (q.due.length) {
        var unloaded = data.decks.filter(function (deck) { return !migrated[deck.key]; })[0];
        if (unloaded) return { deck: unloaded, find: true };
        q.due.forEach(function (d) { gone[d.id] = true; });  // every deck loaded: no such card
        return undefined;  // count again
      }
      return q.freshDeck ? { deck: q.freshDeck } : null;
    }

    function render(focusFront) {
      var now = Date.now();
      var q = queue(now);
      var next = pick(q);
      if (next === undefined) return render(focusFront);
      var waiting = q.due.length + q.fresh;
      status.textContent = plural(waiting, "card") + " due now (" + q.fresh + " new), " +
        q.later.length + " scheduled later.";
      var turn = ++drawing;
      current = null;
      revealed = false;
      app.setAttribute("data-due", String(waiting));
      app.removeAttribute("aria-busy");
      card.removeAttribute("data-card");
      if (!next) {
        card.hidden = true;
        empty.hidden = false;
        var later = q.later[0] ? new Date(q.later[0].entry.due) : null;
        empty.textContent = "No card of this deck is due. " +
          (later ? "The next one is due on " + later.toLocaleString() + "." : "");
        return;
      }
      var deck = next.deck;
      if (loaded(deck) && !migrated[deck.key]) {  // loaded on an earlier visit of the page
        known(deck, loaded(deck));
        return render(focusFront);
      }
      if (!loaded(deck) || next.find) {  // its deck is not loaded yet: load it, then draw (if still wanted)
        card.hidden = true;
        empty.hidden = false;
        empty.textContent = "Loading the cards of " + deck.title + "…";
        app.setAttribute("aria-busy", "true");
        var failed = function (why) {
          if (turn !== drawing) return;
          app.removeAttribute("aria-busy");
          empty.textContent = "Could not load the cards of " + deck.title + " (" + why + ").";
          status.textContent = empty.textContent;
        };
        loadDeck(deck).then(function (cards) {
          known(deck, cards);
          if (turn === drawing && app.isConnected) render(focusFront);
        }, function (error) {
          failed(error.message + ": check your connection, then choose the deck again");
        });
        return;
      }
      var shown;
      if (next.id) {
        shown = text[next.id];
        if (!shown) {  // the guide no longer has this card
          gone[next.id] = true;
          return render(focusFront);
        }
      } else {
        shown = loaded(deck).cards.filter(function (c) {
          return matches(c, filter) && !isObject(state.cards[c.id]);
        })[0];
        if (!shown) {
          empty.textContent = "Could not load the cards of " + deck.title + " (" + deck.file +
            " does not match this page: reload it).";
          status.textContent = empty.textContent;
          card.hidden = true;
          empty.hidden = false;
          return;
        }
      }
      current = shown;
      currentDeck = deck;
      card.hidden = false;
      empty.hidden = true;
      var entry = state.cards[current.id];
      card.setAttribute("data-card", current.id);
      var kind = data.kinds[current.kind] || current.kind;  // the glossary deck is its own kind
      meta.textContent = [current.deck_title].concat(kind === current.deck_title ? [] : [kind],
        entry ? "box " + entry.box : "new").join(" · ");
      paragraphs(front, current.front);
      paragraphs(back, current.back);
      back.hidden = true;
      source.textContent = "";
      var link = el("a", { href: pageUrl(current.url) }, "Read it in context");
      source.appendChild(link);
      source.hidden = true;
      show.hidden = false;
      grades.hidden = true;
      if (focusFront) front.focus();
    }

    function reveal() {
      if (!current || revealed) return;
      revealed = true;
      back.hidden = false;
      source.hidden = false;
      show.hidden = true;
      grades.hidden = false;
      back.focus();
    }

    function grade(value) {
      if (!current || !revealed) return;
      state = read(); // another tab may have reviewed meanwhile
      var entry = schedule(state.cards[current.id], value, Date.now());
      entry.deck = currentDeck.key;
      entry.kind = current.kind;
      state.cards[current.id] = entry;
      state.version = 1;
      save(state);
      render(true);
    }

    show.addEventListener("click", reveal);
    select.addEventListener("change", function () {
      filter = select.value;
      try { window.localStorage.setItem(FILTER_KEY, filter); } catch (error) { /* ignore */ }
      render(false);
    });
    app.fgCards = { reveal: reveal, grade: grade, revealed: function () { return revealed; } };
    render(false);
  }

  function onKey(event) {
    var app = document.querySelector("[data-fg-flashcards]");
    if (!app || !app.fgCards || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, select, textarea, button, a, [contenteditable]")) return;
    if (event.key === " " || event.key === "Spacebar") {
      if (!app.fgCards.revealed()) {
        event.preventDefault();
        app.fgCards.reveal();
      }
    } else if (/^[1-4]$/.test(event.key) && app.fgCards.revealed()) {
      event.preventDefault();
      app.fgCards.grade(Number(event.key));
    }
  }

  function start() {
    var app = document.querySelector("[data-fg-flashcards]");
    if (!app) return;
    if (window.fieldguideCards) mount(app, window.fieldguideCards);
  }

  if (!window.fieldguideFlashcardsKeys) {
    window.fieldguideFlashcardsKeys = true;
    document.addEventListener("keydown", onKey);
    document.addEventListener("fieldguideCards:ready", start);
  }
  start();
})();
