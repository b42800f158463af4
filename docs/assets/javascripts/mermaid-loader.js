/* A lazy stand-in for Mermaid, loaded on every page (< 2 kB).
 *
 * Material for MkDocs renders each `pre.mermaid` by calling the global `mermaid.initialize()` once
 * and `await mermaid.render(id, text)` per diagram; if no global exists it fetches Mermaid from a
 * CDN. This stand-in provides the global, so nothing leaves the site, and imports the real
 * Mermaid (served from assets/vendor/) only when a page actually has a diagram. Component styles
 * are appended to Material's theme CSS; they use CSS variables, so diagrams follow light/dark.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var entry = new URL("../vendor/mermaid/mermaid.esm.min.mjs", here).href;
  var config = {};
  var loading = null;

  var kinds = ["client", "service", "model", "feature-store", "data-store", "cache", "queue",
    "stream-processor", "batch-job", "ann-index", "model-registry", "external"];
  var componentCSS = kinds.map(function (kind) {
    var sel = ".fg-" + kind;
    return sel + " rect," + sel + " path," + sel + " polygon," + sel + " circle{" +
      "fill:var(--fg-" + kind + "-bg)!important;stroke:var(--fg-" + kind + "-fg)!important;" +
      "stroke-width:1.5px!important}" + sel + " .nodeLabel{color:var(--fg-node-text)!important}";
  }).join("") +
    ".fg-feature-store path,.fg-feature-store rect{stroke-dasharray:6 3!important}" +
    ".fg-external polygon,.fg-external path{stroke-dasharray:2 2!important}" +
    /* xychart-beta draws with SVG attributes; follow the palette through CSS variables */
    ".main > .background{fill:transparent!important}" +
    ".chart-title text,.left-axis text,.bottom-axis text{fill:var(--md-default-fg-color)!important}" +
    ".left-axis path,.bottom-axis path{stroke:var(--md-default-fg-color--light)!important}" +
    ".plot .line-plot-0 path, .line-plot-0{stroke:var(--md-accent-fg-color)!important}" +
    ".plot .bar-plot-0 rect{fill:var(--md-primary-fg-color)!important}";

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
      loading = source.then(function (module) {
        var real = module.default;
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
