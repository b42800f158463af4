/* A lazy stand-in for Mermaid, loaded on every page (< 2 kB).
 *
 * Material for MkDocs renders each `pre.mermaid` by calling the global `mermaid.initialize()` once
 * and `await mermaid.render(id, text)` per diagram; if no global exists it fetches Mermaid from a
 * CDN. This stand-in provides the global, so nothing leaves the site, and imports the real
 * Mermaid (served from assets/vendor/) only when a page actually has a diagram. Component styles
 * (mermaid-components.js) are appended to Material's theme CSS; they use CSS variables, so
 * diagrams follow light/dark. `make build` pre-renders every diagram and drops this file.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var entry = new URL("../vendor/mermaid/mermaid.esm.min.mjs", here).href;
  var config = {};
  var loading = null;

  /* The guide's component styles live in one shared file, mermaid-components.js, which the
   * build-time pre-renderer (src/fieldguide/render/prerender.py) uses too. */
  function loadComponentCSS() {
    return new Promise(function (resolve, reject) {
      if (typeof window.fieldguideMermaidCSS === "string") {
        resolve(window.fieldguideMermaidCSS);
        return;
      }
      var script = document.createElement("script");
      script.src = new URL("mermaid-components.js", here).href;
      script.onload = function () { resolve(window.fieldguideMermaidCSS || ""); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  /* Pages opened from the file system cannot import modules: load the classic build instead. */
  function importClassic() {
    return new Promise(function (resolve, reject) {
      var standIn = window.mermaid;
      var script = document.createElement("script");
      script.src = new URL("../vendor/mermaid/mermaid.min.js", here).href;
      script.onload = function () {
        var real = window.mermaid;
        window.mermaid = standIn;
        resolve({ default: real });
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function load() {
    if (!loading) {
      var source = location.protocol === "file:" ? importClassic() : import(entry);
      loading = Promise.all([source, loadComponentCSS()]).then(function (loaded) {
        var real = loaded[0].default;
        var componentCSS = loaded[1];
        var settings = Object.assign({}, config, {
          startOnLoad: false,
          securityLevel: "strict",
          themeCSS: (config.themeCSS || "") + componentCSS
        });
        real.initialize(settings);
        return real;
      });
    }
    return loading;
  }

  window.mermaid = {
    initialize: function (settings) { config = settings || {}; },
    render: function (id, text) {
      return load().then(function (real) { return real.render(id, text); });
    }
  };
})();
