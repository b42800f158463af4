/* Search on the published site: Material's search messages answered with Pagefind.
 *
 * `make build` indexes every section of Material's search index with Pagefind
 * (src/fieldguide/render/search_bundle.py) and leaves search/search_index.json as a stub whose
 * config names the bundle (`pagefind`) and whose docs are the pages' titles. lazy-loads.js sees
 * that in the first message Material sends its search worker, loads this script instead of
 * starting the worker, and passes Material's messages to the handler made here. The answers have
 * the shape Material's worker gives, so Material's search box, results, suggestions and
 * highlighting work unchanged:
 *   SETUP -> READY once Pagefind is loaded;
 *   QUERY -> RESULT: the best SHOWN sections, grouped by page (the page first, as Material's
 *   results show it), each with Pagefind's excerpt; then every other page that matches, by
 *   title, so search still lists every page it finds. Only the newest query is answered.
 * Pagefind fetches the index chunks of the query's words and one small fragment per shown
 * section: a few hundred KB for a first search, where Material's index is megabytes.
 */
(function () {
  "use strict";

  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var RESULT = 3;
  var SHOWN = 30; // sections shown with their text (one fragment of about 1 KB each)
  var DEBOUNCE = 100; // ms

  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Pagefind's excerpt marks the matched words with <mark>; anything else is text. */
  function excerptHtml(excerpt) {
    var marked = String(excerpt || "").split(/<\/?mark>/);
    return "<p>" + marked.map(function (part, i) {
      var text = escapeText(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
      return i % 2 ? "<mark>" + text + "</mark>" : text;
    }).join("") + "</p>";
  }

  function queryWords(query) {
    return query.toLowerCase().split(/[\s\-]+/).filter(Boolean);
  }

  /* Material completes the last word typed with the last entry of `suggest`. */
  function suggestion(words, items) {
    var last = words[words.length - 1];
    var best = items.length ? items[0][0] : null;
    if (!last || !best) return [];
    var found = best.title.replace(/<[^>]*>/g, " ").toLowerCase().split(/[^a-z0-9]+/)
      .filter(function (word) { return word.length > last.length && word.indexOf(last) === 0; });
    return found.length ? [found[0]] : [];
  }

  /* `root`: the site's root URL; `reply(message)`: hands an answer to Material. */
  window.fgPagefindSearch = function (root, reply) {
    var pagefind = null;
    var ready = null; // settles once Pagefind is loaded: queries typed before then wait for it
    var titles = {};
    var pageOf = {}; // Pagefind id of a section -> its page
    var latest = 0;

    function setup(data) {
      (data.docs || []).forEach(function (doc) {
        titles[doc.location] = doc.title;
        (doc.sections || []).forEach(function (id) { pageOf[id] = doc.location; });
      });
      var base = new URL(data.config.pagefind, root).href;
      return import(base + "pagefind.js").then(function (module) {
        return Promise.resolve(module.options({ basePath: base })).then(function () {
          return module.init();
        }).then(function () {
          pagefind = module;
          reply({ type: READY });
        });
      });
    }

    function search(query, asked) {
      var words = queryWords(query);
      if (!words.length) return Promise.resolve({ items: [] });
      var terms = {};
      words.forEach(function (word) { terms[word] = true; });
      /* Material asks at every key typed: Pagefind waits DEBOUNCE ms for the next key, and a
       * query overtaken by a newer one fetches no fragments (it is not answered). */
      return pagefind.debouncedSearch(query, {}, DEBOUNCE).then(function (found) {
        if (asked !== latest || !found || !found.results) return null;
        var shown = found.results.slice(0, SHOWN);
        return Promise.all(shown.map(function (result) { return result.data(); }))
          .then(function (data) {
            var groups = new Map();
            data.forEach(function (section, i) {
              var location = String(section.meta.loc).slice(1); // "/" + the address
              var page = location.split("#")[0];
              if (!groups.has(page)) groups.set(page, []);
              groups.get(page).push({
                location: location,
                title: escapeText(section.meta.title),
                text: excerptHtml(section.excerpt),
                score: shown[i].score,
                terms: terms
              });
            });
            found.results.forEach(function (result) { // best first: pages in order of their best
              var page = pageOf[result.id];
              if (page !== undefined && !groups.has(page)) groups.set(page, []);
            });
            var items = [];
            groups.forEach(function (sections, page) {
              if (!sections.some(function (item) { return item.location === page; })) {
                sections.push({
                  location: page, title: titles[page] || escapeText(page), text: "",
                  score: 0, terms: {}
                });
              }
              items.push(sections);
            });
            return { items: items, suggest: suggestion(words, items) };
          });
      });
    }

    return function handle(message) {
      if (message.type === SETUP) {
        ready = setup(message.data);
        ready.catch(function (error) { console.warn("Search could not load:", error); });
      } else if (message.type === QUERY) {
        var asked = ++latest;
        (ready || Promise.reject(new Error("no SETUP before the first query"))).then(function () {
          return search(String(message.data), asked);
        }).catch(function (error) {
          console.warn("Search failed:", error);
          return { items: [] };
        }).then(function (data) {
          if (data && asked === latest) reply({ type: RESULT, data: data });
        });
      }
    };
  };
})();
