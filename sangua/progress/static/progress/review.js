/* Review queue: "select all" ticks every row's box; the count follows rows htmx removes. */
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="report"][form="bulk-approve"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  /* Publishing cannot be undone: ask first. */
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
  function recount() {
    var count = document.getElementById("queue-count");
    var rows = document.querySelectorAll("tr.queue-row").length;
    if (count) { count.textContent = String(rows); }
  }
  /* The swapped row leaves the page, so its own events never reach the body: count after it. */
  document.body.addEventListener("htmx:beforeSwap", function () { window.setTimeout(recount, 0); });
})();
