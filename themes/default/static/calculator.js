// Date calculator: the reader enters a date (the first day of sickness, the date on a
// letter or the day it arrived) and every .calc-date that counts from that input shows
// the date it gives, in the page's language. Without this script the page says every
// time in words and the form stays hidden.
// The page gives each date as an offset from an input (docs/content-model.md):
// data-months calendar months first (a month on from 31 January is the last day of
// February), then data-days days; data-last-days ends a range (the days of a week).
(function () {
  "use strict";
  // The form at the top, and on a procedure the field for each letter's date beside the
  // deadline it gives: every .calculator is hidden until this script runs.
  var parts = document.querySelectorAll(".calculator");
  var form = document.querySelector("form.calculator");
  if (!parts.length) { return; }
  var DAY = 86400000;
  var lang = document.documentElement.lang || "en";
  // Plain "en" would give American month-first dates; the site's English is European.
  var format = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  var inputs = document.querySelectorAll(".calculator input[type=date]");
  var outputs = document.querySelectorAll(".calc-date[data-from]");
  var status = document.querySelector(".calculator-status");
  var firstDay = document.getElementById("first-day");
  var nowList = document.querySelector("[data-now]");
  var nowLabel = nowList ? nowList.getAttribute("data-now") : "";
  for (var p = 0; p < parts.length; p++) {
    parts[p].hidden = false;
    // A calculator that is all extra (a letter's) is hidden as a whole without script.
    var section = parts[p].closest("section[hidden]");
    if (section) { section.hidden = false; }
  }

  // A date as milliseconds at UTC midnight, or null.
  function parse(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return parts ? Date.UTC(+parts[1], +parts[2] - 1, +parts[3]) : null;
  }
  // Months first, kept within the month they land in; then days.
  function shift(start, months, days) {
    var date = new Date(start);
    var year = date.getUTCFullYear();
    var month = date.getUTCMonth() + months;
    var lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) + days * DAY;
  }
  // A <time> element: the reader sees the date in their language, tools read datetime.
  function time(at) {
    var date = new Date(at);
    var element = document.createElement("time");
    element.setAttribute("datetime", date.toISOString().slice(0, 10));
    element.textContent = format.format(date);
    return element;
  }
  function show(output, any) {
    var start = parse((document.getElementById(output.getAttribute("data-from")) || {}).value);
    var hint = output.getAttribute("data-hint");
    output.textContent = "";
    if (start === null) {
      // A deadline that runs from a letter asks for it once the reader has begun.
      output.hidden = !(hint && any);
      if (hint) { output.textContent = hint; }
      return;
    }
    var months = +output.getAttribute("data-months") || 0;
    var days = +output.getAttribute("data-days") || 0;
    var label = output.getAttribute("data-label");
    if (label) { output.appendChild(document.createTextNode(label + " ")); }
    output.appendChild(time(shift(start, months, days)));
    var last = output.getAttribute("data-last-days");
    if (last !== null && +last !== days) {
      output.appendChild(document.createTextNode(" – "));
      output.appendChild(time(shift(start, months, +last)));
    }
    output.hidden = false;
  }
  // Marks the steps whose days hold today ("now"), once the first day is known.
  function markNow() {
    var start = firstDay ? parse(firstDay.value) : null;
    var today = new Date();
    var day = start === null ? null : Math.floor((Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()) - start) / DAY);
    var items = document.querySelectorAll("[data-first-day]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var now = day !== null && day >= +item.getAttribute("data-first-day") && day <= +item.getAttribute("data-last-day");
      var tag = item.querySelector(".now-tag");
      if (now && !tag && nowLabel) {
        tag = document.createElement("strong");
        tag.className = "now-tag";
        tag.textContent = nowLabel;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(tag);
      }
      if (tag) { tag.hidden = !now; }
      item.classList.toggle("is-now", now);
    }
  }
  function fill() {
    var any = false;
    for (var i = 0; i < inputs.length; i++) { any = any || parse(inputs[i].value) !== null; }
    for (var o = 0; o < outputs.length; o++) { show(outputs[o], any); }
    markNow();
    if (status) {
      status.hidden = !any;
      status.textContent = any ? status.getAttribute("data-done") || "" : "";
    }
  }
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("input", fill);
    inputs[i].addEventListener("change", fill);
  }
  if (form) { form.addEventListener("submit", function (event) { event.preventDefault(); fill(); }); }
})();
