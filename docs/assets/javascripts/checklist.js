/* Framework checklists: ticks are kept per checklist in localStorage, so they survive reloads and
 * instant navigation (Material's document$ emits after every page load, instant or not). */
(function () {
  "use strict";
  var PREFIX = "fieldguide:checklist:";

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}") || {}; }
    catch (error) { return {}; }
  }

  function write(key, state) {
    try { window.localStorage.setItem(key, JSON.stringify(state)); }
    catch (error) { /* storage full or disabled: ticks last for this page view only */ }
  }

  function mount(list) {
    var key = PREFIX + list.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox][data-item]"));
    var progress = list.querySelector(".fg-checklist__progress");
    var state = read(key);
    var known = {};
    boxes.forEach(function (box) { known[box.getAttribute("data-item")] = true; });
    var stale = Object.keys(state).filter(function (item) { return !known[item]; });
    if (stale.length) {  // items the page no longer has (edited or removed): forget their ticks
      stale.forEach(function (item) { delete state[item]; });
      write(key, state);
    }

    function update() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      if (progress) progress.textContent = done + " of " + boxes.length + " items ticked";
    }

    boxes.forEach(function (box) {
      box.checked = state[box.getAttribute("data-item")] === true;
      box.addEventListener("change", function () {
        var item = box.getAttribute("data-item");
        if (box.checked) state[item] = true; else delete state[item];
        write(key, state);
        update();
      });
    });
    var reset = list.querySelector(".fg-checklist__reset");
    if (reset) {
      reset.addEventListener("click", function () {
        state = {};
        boxes.forEach(function (box) { box.checked = false; });
        write(key, state);
        update();
      });
    }
    update();
  }

  function mountAll() {
    document.querySelectorAll("[data-checklist]").forEach(mount);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(mountAll);
  } else {
    document.addEventListener("DOMContentLoaded", mountAll);
  }
})();
