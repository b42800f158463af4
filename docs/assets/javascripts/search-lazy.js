/* Lazy search index: the index is downloaded only when the reader shows intent to search.
 *
 * Material for MkDocs (9.8) requests search/search_index.json as soon as a page loads, with an
 * XMLHttpRequest, and hands it to its search worker; for this guide that is megabytes on every
 * first visit, most of them never searched. This script runs before Material's bundle
 * (overrides/main.html, block scripts) and holds back that one request, whether it is made with
 * XMLHttpRequest (Material 9) or fetch, until the reader:
 *   - focuses, clicks or presses on the search field or the header's search button,
 *   - presses one of Material's search shortcuts (/, s, f) outside a text field,
 *   - or opens a URL that asks for search: ?q= (a shared search), ?h= (highlight) or #__search.
 * Then the held request is sent unchanged; Material shows "Initializing search" meanwhile and
 * runs the query typed so far as soon as the index is in. Every other request passes through.
 * Opened from the file system (`make offline`), Material loads search_index.js with a script tag
 * instead: nothing is changed there. Loaded once per visit (instant navigation keeps it).
 */
(function () {
  "use strict";
  if (location.protocol === "file:") return;

  var INDEX = /(^|\/)search\/search_index\.json$/;
  var SEARCH_CONTROLS = ".md-search__input, [for=__search], #__search";
  var SHORTCUTS = { "/": true, s: true, f: true }; // the keys Material opens search with
  var EVENTS = ["focusin", "pointerdown", "click", "change", "keydown"];
  var wanted = false;
  var held = [];

  function isIndex(url) {
    try {
      return INDEX.test(new URL(String(url), document.baseURI).pathname);
    } catch (e) {
      return false;
    }
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

  /* XMLHttpRequest: remember which requests are for the index; hold back their send(). */
  var proto = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (proto) {
    var lazy = new WeakSet();
    var open = proto.open;
    var send = proto.send;
    proto.open = function (method, url) {
      if (isIndex(url)) lazy.add(this); else lazy.delete(this);
      return open.apply(this, arguments);
    };
    proto.send = function () {
      var xhr = this;
      var args = arguments;
      if (!lazy.has(xhr) || wanted) return send.apply(xhr, args);
      whenWanted(function () { send.apply(xhr, args); });
    };
  }

  /* fetch: a promise that starts the real request once search is wanted. */
  var realFetch = window.fetch;
  if (realFetch) {
    window.fetch = function (input, init) {
      var url = typeof Request !== "undefined" && input instanceof Request ? input.url : input;
      if (wanted || !isIndex(url)) return realFetch.apply(this, arguments);
      var self = this;
      var args = arguments;
      return new Promise(function (resolve) {
        whenWanted(function () { resolve(realFetch.apply(self, args)); });
      });
    };
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
