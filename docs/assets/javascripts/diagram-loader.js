/* Diagrams below the first screen, loaded as the reader nears them (published site only).
 *
 * `fieldguide prerender` (src/fieldguide/render/prerender.py) draws every diagram at build time.
 * One far down its page is written to assets/diagrams/<hash>.svg, and the page keeps
 *   <div class="fg-diagram__deferred" data-fg-svg="<hash>.svg" style="aspect-ratio: ...">
 * a box of the diagram's shape showing its title, so nothing moves when the drawing arrives.
 * This script fetches a diagram when its box comes within about two screens of the viewport,
 * or all of them when the page is about to print, and puts the SVG in the box's place. The SVG
 * is the site's own build output (Mermaid run on the guide's sources), never reader input.
 * A failed fetch is said in the box, with a button to try again.
 *
 * The tag sits inside the page content, so Material's instant navigation runs it again on
 * every page change; boxes already watched carry data-fg-watched.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var folder = new URL("../diagrams/", script ? script.src : location.href);

  function source(box) {
    return new URL(box.getAttribute("data-fg-svg"), folder).href;
  }

  function place(box, svg) { // the drawing takes the box's place
    box.insertAdjacentHTML("afterend", svg);
    box.remove();
  }

  function load(box) {
    if (box.hasAttribute("data-fg-loading")) return;
    box.setAttribute("data-fg-loading", "");
    var failure = box.querySelector(".fg-diagram__failed");
    if (failure) failure.remove();
    fetch(source(box))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (svg) {
        if (box.isConnected) place(box, svg); // else the reader has moved to another page
      })
      .catch(function (error) {
        box.removeAttribute("data-fg-loading");
        failed(box, error);
      });
  }

  function failed(box, error) {
    var note = document.createElement("span");
    note.className = "fg-diagram__failed";
    note.setAttribute("role", "status");
    note.textContent = "This diagram did not load (" + error.message + "). ";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "md-button";
    retry.textContent = "Try again";
    retry.addEventListener("click", function () { load(box); });
    note.appendChild(retry);
    box.appendChild(note);
  }

  var boxes = document.querySelectorAll(".fg-diagram__deferred:not([data-fg-watched])");
  if (!("IntersectionObserver" in window)) {
    boxes.forEach(load);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      load(entry.target);
    });
  }, { rootMargin: "1600px 0px" });
  boxes.forEach(function (box) {
    box.setAttribute("data-fg-watched", "");
    observer.observe(box);
  });

  /* Printing: the browser lays out the print copy as soon as "beforeprint" handlers return, so
   * a fetch would arrive too late. The diagrams not loaded yet are read synchronously here
   * (a few KB each, from the same site); one that fails prints as its title. */
  function loadNow(box) { // a fetch still on its way finds the box gone and stops
    var request = new XMLHttpRequest();
    try {
      request.open("GET", source(box), false);
      request.send();
    } catch (error) {
      return;
    }
    if (request.status === 200 && box.isConnected) place(box, request.responseText);
  }

  if (!window.fieldguideDiagramPrint) { // once per visit, not once per page change
    window.fieldguideDiagramPrint = true;
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".fg-diagram__deferred").forEach(loadNow);
    });
  }
})();
