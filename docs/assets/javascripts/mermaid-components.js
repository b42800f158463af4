/* Styles for the guide's diagrams, appended to Material's Mermaid theme CSS (one shared copy).
 *
 * Used in two places: mermaid-loader.js loads this file before it renders a diagram in the
 * browser (make serve), and `fieldguide prerender` (src/fieldguide/render/prerender.py) loads it
 * to render every diagram to inline SVG at build time (make build). Each component type of the
 * legend has one fill and stroke; the colours are CSS variables (fieldguide.css), so diagrams
 * follow the light/dark palette.
 */
(function () {
  "use strict";
  var kinds = ["client", "service", "model", "feature-store", "data-store", "cache", "queue",
    "stream-processor", "batch-job", "ann-index", "model-registry", "external"];
  window.fieldguideMermaidCSS = kinds.map(function (kind) {
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
})();
