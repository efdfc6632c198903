// The comparison of every country (docs/theme.md): without JavaScript it shows every
// country and links to the pages that compare two; with it, the reader ticks the
// countries to show. `?countries=nl,dk` (from a pair page's link) ticks those. Only
// the `hidden` property changes: the page's text is never written from here.
(function () {
  "use strict";

  var form = document.getElementById("country-choice");
  if (!form) return;
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=countries]"));
  var status = form.querySelector(".choice-status");
  var shown = document.querySelectorAll("[data-country]");

  function chosen() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  function show() {
    var codes = chosen();
    Array.prototype.forEach.call(shown, function (element) {
      element.hidden = codes.indexOf(element.getAttribute("data-country")) < 0;
    });
    var message = form.getAttribute("data-showing") || "";
    status.textContent = message.replace("{n}", String(codes.length)).replace("{total}", String(boxes.length));
  }

  var asked = new URLSearchParams(window.location.search).get("countries");
  if (asked) {
    var codes = asked.split(",");
    if (boxes.some(function (box) { return codes.indexOf(box.value) >= 0; })) {
      boxes.forEach(function (box) { box.checked = codes.indexOf(box.value) >= 0; });
    }
  }
  boxes.forEach(function (box) { box.addEventListener("change", show); });
  form.hidden = false;
  show();
})();
