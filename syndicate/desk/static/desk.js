// The desk works without this file; it adds keyboard moves. No inline script anywhere (CSP).
(function () {
  "use strict";
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("table.sentences tr.row")); }
  var column = 0;
  function current() { return document.querySelector("table.sentences tr.current"); }
  function select(row) {
    var old = current();
    if (old) { old.classList.remove("current"); }
    if (!row) { return; }
    row.classList.add("current");
    row.scrollIntoView({ block: "center" });
    if (history.replaceState) { history.replaceState(null, "", "#" + row.id); }
  }
  function busy(event) {
    // typing, or on something Enter already means something for (a link, a button, a summary)
    return event.target.closest && event.target.closest("a, button, summary, input, select, textarea, [contenteditable]");
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".flash button.dismiss"), function (button) {
      button.addEventListener("click", function () { button.parentNode.remove(); });
    });
    var all = rows();
    if (all.length) {
      var start = location.hash ? document.getElementById(location.hash.slice(1)) : null;
      select(start && start.classList.contains("row") ? start : null);
    }
    var text = document.querySelector("form.correct textarea");
    if (text) {
      text.setSelectionRange(text.value.length, text.value.length);
      text.form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); text.form.requestSubmit(); }
      });
      // Suggestions: a glossary form goes in at the cursor, an earlier correction replaces the text.
      Array.prototype.forEach.call(document.querySelectorAll("button.insert"), function (button) {
        button.addEventListener("click", function () { insert(text, button); });
      });
      document.addEventListener("keydown", function (event) {
        if (!event.altKey || event.ctrlKey || event.metaKey || !/^Digit[1-9]$/.test(event.code)) { return; }
        var button = document.querySelector('button.insert[data-key="' + event.code.slice(5) + '"]');
        if (button) { event.preventDefault(); insert(text, button); }
      });
    }
  });
  function insert(text, button) {
    var value = button.getAttribute("data-insert");
    if (button.getAttribute("data-mode") === "replace") {
      text.value = value;
      text.setSelectionRange(value.length, value.length);
    } else {
      var start = text.selectionStart, end = text.selectionEnd;
      text.setRangeText(value, start, end, "end");
    }
    text.focus();
  }
  document.addEventListener("keydown", function (event) {
    if (busy(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var all = rows();
    if (!all.length) { return; }
    var index = all.indexOf(current());
    if (event.key === "j") { select(all[Math.min(index + 1, all.length - 1)]); }
    else if (event.key === "k") { select(all[Math.max(index - 1, 0)]); }
    else if (/^[1-9]$/.test(event.key)) { column = Number(event.key) - 1; }
    else if (event.key === "c" && index >= 0) {
      var checkCells = all[index].querySelectorAll("td.cell");
      var checkCell = checkCells[Math.min(column, checkCells.length - 1)];
      var form = checkCell && checkCell.querySelector("form.check");
      if (form) { form.requestSubmit(); }
    }
    else if (event.key === "Enter" && index >= 0) {
      var cells = all[index].querySelectorAll("td.cell");
      var cell = cells[Math.min(column, cells.length - 1)];
      var link = cell && cell.querySelector("a.edit");
      if (link) { location.href = link.href; }
    } else { return; }
    event.preventDefault();
  });
})();
