// Deadline calculator: fills in real dates when the reader enters their first day of
// sickness. The table works without this script (it shows "week N"); this only adds a
// date column. Week N means N × 7 days after week 0.
(function () {
  "use strict";
  var form = document.querySelector("form.calculator");
  var table = document.querySelector("table.deadline-table");
  if (!form || !table) { return; }
  var input = form.querySelector("input[type=date]");
  var status = document.querySelector(".calculator-status");
  var lang = document.documentElement.lang || "en";
  // Plain "en" would give American month-first dates; the site's English is European.
  var format = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  form.hidden = false;

  function parse(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!parts) { return null; }
    return Date.UTC(+parts[1], +parts[2] - 1, +parts[3]);
  }
  // A <time> element: the reader sees the date in their language, tools read datetime.
  function plusWeeks(start, weeks) {
    var date = new Date(start + weeks * 7 * 86400000);
    var time = document.createElement("time");
    time.setAttribute("datetime", date.toISOString().slice(0, 10));
    time.textContent = format.format(date);
    return time;
  }
  function fill() {
    var start = parse(input.value);
    var cells = table.querySelectorAll(".date-column");
    for (var i = 0; i < cells.length; i++) { cells[i].hidden = start === null; }
    if (start === null) { if (status) { status.hidden = true; } return; }
    var rows = table.querySelectorAll("tbody tr");
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r];
      var cell = row.querySelector("td.date-column");
      var from = row.getAttribute("data-week-start");
      var to = row.getAttribute("data-week-end");
      if (!cell) { continue; }
      cell.textContent = "";
      if (from === null) { cell.textContent = "–"; continue; }
      cell.appendChild(plusWeeks(start, +from));
      if (from !== to) {
        cell.appendChild(document.createTextNode(" – "));
        cell.appendChild(plusWeeks(start, +to));
      }
    }
    if (status) { status.hidden = false; status.textContent = status.getAttribute("data-done") || ""; }
  }
  input.addEventListener("input", fill);
  input.addEventListener("change", fill);
  form.addEventListener("submit", function (event) { event.preventDefault(); fill(); });
})();
