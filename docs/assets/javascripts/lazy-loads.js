/* Lazy loads: what Material fetches as every page loads, and most first visits never use, waits
 * until the reader shows they need it.
 *
 * 1. Search. Material for MkDocs (9.8) requests search/search_index.json as soon as a page
 * loads, with an XMLHttpRequest, and hands it to its search worker, which it starts at once
 * too; for this guide that is megabytes, plus the worker's 12 KB gzip, on every first visit,
 * most of them never searched. This script runs before Material's bundle (overrides/main.html,
 * block scripts) and holds back that one request, whether it is made with XMLHttpRequest
 * (Material 9) or fetch, and the start of that one worker (Material gets a stand-in that keeps
 * its messages), until the reader:
 *   - focuses, clicks or presses on the search field or the header's search button,
 *   - presses one of Material's search shortcuts (/, s, f) outside a text field,
 *   - or opens a URL that asks for search: ?q= (a shared search), ?h= (highlight) or #__search.
 * Then the held request is sent unchanged; once Material has the index and sends it to its
 * worker, the worker starts, receives the messages kept for it and answers through the
 * stand-in. On the published site the index is a stub naming a Pagefind bundle (`make build`,
 * src/fieldguide/render/search_bundle.py): then Material's worker is never fetched and
 * search-pagefind.js answers instead, fetching only the index chunks and fragments a query
 * needs. Material shows "Initializing search" meanwhile and runs the query typed so far as
 * soon as the answers can come. Every other request passes through,
 * but for one:
 *
 * 2. The sitemap. Instant navigation requests sitemap.xml (XMLHttpRequest) as every page loads,
 * to know which links lead to the site's own pages; until it has arrived, a click on a link is
 * an ordinary page load (Material pairs each click with the latest sitemap and ignores clicks
 * before the first). The file lists every page, so it grows with the guide (8 KB gzip at 1,000
 * cases). It is held back until the reader's first sign of life: the pointer or mouse moving,
 * a touch, a key, focus, a scroll or the wheel; by the time a link is clicked it is usually in,
 * and a reader who only reads what first shows on screen never pays for it. Once it has been
 * handled, <html> carries data-fg-sitemap="loaded" (the browser tests wait for it).
 *
 * Opened from the file system (`make offline`), Material loads search_index.js with a script tag
 * and instant navigation is off: nothing is changed there. Loaded once per visit (instant
 * navigation keeps it).
 */
(function () {
  "use strict";
  if (location.protocol === "file:") return;

  var INDEX = /(^|\/)search\/search_index\.json$/;
  var WORKER = /(^|\/)assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var SEARCH_CONTROLS = ".md-search__input, [for=__search], #__search";
  var SHORTCUTS = { "/": true, s: true, f: true }; // the keys Material opens search with
  var EVENTS = ["focusin", "pointerdown", "click", "change", "keydown"];
  var wanted = false; // search: the reader showed intent to search
  var held = [];
  var SITEMAP = /(^|\/)sitemap\.xml$/;
  var LIFE = ["pointermove", "mousemove", "pointerdown", "touchstart", "keydown", "focusin",
    "scroll", "wheel"];
  var alive = false; // sitemap: the reader did something
  var heldSitemap = [];

  function matches(pattern, url) {
    try {
      return pattern.test(new URL(String(url), document.baseURI).pathname);
    } catch (e) {
      return false;
    }
  }

  function isIndex(url) {
    return matches(INDEX, url);
  }

  function onLife() {
    if (alive) return;
    alive = true;
    LIFE.forEach(function (type) { window.removeEventListener(type, onLife, true); });
    heldSitemap.splice(0).forEach(function (go) { go(); });
  }
  LIFE.forEach(function (type) {
    window.addEventListener(type, onLife, { capture: true, passive: true });
  });

  /* The queue a request to ``url`` must wait in, or null when it may go now. */
  function queueFor(url) {
    if (!wanted && isIndex(url)) return held;
    if (!alive && matches(SITEMAP, url)) return heldSitemap;
    return null;
  }

  function release() {
    if (wanted) return;
    wanted = true;
    EVENTS.forEach(function (type) { document.removeEventListener(type, onIntent, true); });
    held.splice(0).forEach(function (go) { go(); });
  }

  function whenWanted(go) {
    if (wanted) go(); else held.push(go);
  }

  /* XMLHttpRequest: remember the URL each request opens; hold back the send() of the index and
   * of the sitemap until they may go. */
  var proto = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (proto) {
    var opened = new WeakMap();
    var open = proto.open;
    var send = proto.send;
    proto.open = function (method, url) {
      opened.set(this, String(url));
      return open.apply(this, arguments);
    };
    proto.send = function () {
      var xhr = this;
      var args = arguments;
      if (matches(SITEMAP, opened.get(xhr))) {
        xhr.addEventListener("loadend", function () { // after Material's own "load" handler
          document.documentElement.setAttribute("data-fg-sitemap", "loaded");
        });
      }
      var queue = queueFor(opened.get(xhr));
      if (queue === null) return send.apply(xhr, args);
      queue.push(function () { send.apply(xhr, args); });
    };
  }

  /* fetch: a promise that starts the real request once it may go. */
  var realFetch = window.fetch;
  if (realFetch) {
    window.fetch = function (input, init) {
      var url = typeof Request !== "undefined" && input instanceof Request ? input.url : input;
      var queue = queueFor(url);
      if (queue === null) return realFetch.apply(this, arguments);
      var self = this;
      var args = arguments;
      return new Promise(function (resolve) {
        queue.push(function () { resolve(realFetch.apply(self, args)); });
      });
    };
  }

  /* Worker: Material starts its search worker with `new Worker(url)`, listens for its "message"
   * events and calls postMessage. Until search is wanted it gets a stand-in that does the same:
   * messages posted to it are kept, and once search is wanted and Material has sent the first
   * one (SETUP, with the index) they are passed on in order and the answers are dispatched on
   * the stand-in. The answers come from Material's worker, or, when the index is the published
   * site's stub naming a Pagefind bundle (`config.pagefind`, see search-pagefind.js), from
   * Pagefind, and Material's worker is never fetched. Any other worker starts at once. */
  var RealWorker = window.Worker;
  var script = document.currentScript;
  var ROOT = script && script.src ? script.src.replace(/assets\/javascripts\/[^\/]*$/, "") : "";
  var SETUP = 0; // Material's first message to its search worker

  function usesPagefind(args) {
    var message = args && args[0];
    return !!(message && message.type === SETUP && message.data && message.data.config &&
      typeof message.data.config.pagefind === "string" && ROOT);
  }

  /* A stand-in for the worker, answering with Pagefind: search-pagefind.js, loaded once. */
  function pagefindWorker(standIn) {
    var handle = null;
    var waiting = [];
    var tag = document.createElement("script");
    tag.src = ROOT + "assets/javascripts/search-pagefind.js";
    tag.onload = function () {
      handle = window.fgPagefindSearch(ROOT, function (data) {
        standIn.dispatchEvent(new MessageEvent("message", { data: data }));
      });
      waiting.splice(0).forEach(function (message) { handle(message); });
    };
    document.head.appendChild(tag);
    return {
      postMessage: function (message) { if (handle) handle(message); else waiting.push(message); },
      terminate: function () { handle = function () {}; waiting = []; }
    };
  }

  if (typeof RealWorker === "function" && typeof EventTarget === "function") {
    var LazyWorker = function (url, options) {
      if (!matches(WORKER, url)) return new RealWorker(url, options);
      /* resolved now: by the time it starts, instant navigation may have changed the address
       * that a relative URL is resolved against */
      var address = new URL(String(url), document.baseURI).href;
      var standIn = new EventTarget();
      var kept = [];
      var real = null;
      function start() {
        if (real || kept === null || !kept.length) return;
        if (usesPagefind(kept[0])) {
          real = pagefindWorker(standIn);
        } else {
          real = new RealWorker(address, options);
          ["message", "messageerror", "error"].forEach(function (type) {
            real.addEventListener(type, function (event) {
              var copy = type === "error"
                ? new ErrorEvent("error", { message: event.message })
                : new MessageEvent(type, { data: event.data });
              standIn.dispatchEvent(copy);
            });
          });
        }
        kept.splice(0).forEach(function (args) { real.postMessage.apply(real, args); });
      }
      standIn.postMessage = function () {
        if (real) return real.postMessage.apply(real, arguments);
        if (kept === null) return;
        kept.push(arguments);
        whenWanted(start);
      };
      standIn.terminate = function () {
        if (real) real.terminate();
        kept = null; // a worker ended before it started never starts
      };
      return standIn;
    };
    LazyWorker.prototype = RealWorker.prototype;
    window.Worker = LazyWorker;
  }

  function editable(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function onIntent(event) {
    if (event.type === "keydown") {
      if (event.metaKey || event.ctrlKey || !SHORTCUTS[event.key]) return;
      if (editable(event.target)) return; // typing in a field, not a shortcut
      release();
    } else if (event.target instanceof Element && event.target.closest(SEARCH_CONTROLS)) {
      release();
    }
  }
  EVENTS.forEach(function (type) { document.addEventListener(type, onIntent, true); });

  function urlAsksForSearch() {
    var params = new URLSearchParams(location.search);
    if (params.has("q") || params.has("h") || location.hash === "#__search") release();
  }
  urlAsksForSearch();
  /* Instant navigation to a URL with ?h= (a search result) also needs the index. */
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof document$ !== "undefined") document$.subscribe(urlAsksForSearch);
  });
})();
