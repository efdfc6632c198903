// The steps of a procedure open and close without this script (<details>). It only
// opens the step a link leads to (from the step list, the timeline, another page), and
// opens every step for printing, closing again afterwards the ones that were closed.
(function () {
  "use strict";
  var steps = document.querySelectorAll("details.step-toggle");
  if (!steps.length) { return; }

  // The step that holds the element with this id (the step itself, or a heading in it).
  function stepOf(id) {
    var target = id && document.getElementById(id);
    if (!target) { return null; }
    var inside = target.closest("details.step-toggle");
    return inside || target.querySelector("details.step-toggle");
  }
  function open(hash, scroll) {
    var id = hash.charAt(0) === "#" ? hash.slice(1) : hash;
    try { id = decodeURIComponent(id); } catch (e) { return; }
    var step = stepOf(id);
    if (!step || step.open) { return; }
    step.open = true;
    // Opening moves nothing above the target, but the browser may have scrolled before.
    if (scroll) { document.getElementById(id).scrollIntoView(); }
  }
  // A click on a link to the hash already in the address bar fires no hashchange.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (link) { open(link.getAttribute("href"), false); }
  });
  window.addEventListener("hashchange", function () { open(location.hash, true); });
  if (location.hash) { open(location.hash, true); }

  var closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    closedBeforePrint = [];
    for (var i = 0; i < steps.length; i++) {
      if (!steps[i].open) { closedBeforePrint.push(steps[i]); steps[i].open = true; }
    }
  });
  window.addEventListener("afterprint", function () {
    for (var i = 0; i < closedBeforePrint.length; i++) { closedBeforePrint[i].open = false; }
    closedBeforePrint = [];
  });
})();
