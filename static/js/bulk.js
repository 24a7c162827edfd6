// Bulk actions on a list (crm/bulk.py): the header checkbox ticks every row of the page,
// and the bar says how many are ticked. Without JavaScript the user ticks the rows.
(function () {
  "use strict";
  function rows(formId) {
    return document.querySelectorAll('input[name="ids"][form="' + formId + '"]');
  }
  function update(formId) {
    var form = document.getElementById(formId);
    if (!form) return;
    var ticked = Array.prototype.filter.call(rows(formId), function (box) { return box.checked; });
    var count = form.querySelector("[data-bulk-count]");
    if (count) count.textContent = ticked.length ? ticked.length + " " + count.dataset.label : "";
    var all = document.querySelector('[data-bulk-page="' + formId + '"]');
    if (all) {
      var boxes = rows(formId);
      all.checked = boxes.length > 0 && ticked.length === boxes.length;
      all.indeterminate = ticked.length > 0 && ticked.length < boxes.length;
    }
  }
  function init() {
    document.querySelectorAll("[data-bulk-page]").forEach(function (all) {
      if (all.dataset.bulkReady) return;
      all.dataset.bulkReady = "1";
      all.classList.remove("d-none");
      var formId = all.dataset.bulkPage;
      all.addEventListener("change", function () {
        rows(formId).forEach(function (box) { box.checked = all.checked; });
        update(formId);
      });
      rows(formId).forEach(function (box) {
        box.addEventListener("change", function () { update(formId); });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
  // An inline edit's refusal (403), invalid input (422) or stale version (409) comes back
  // as the cell's form with its message: show it in place of the cell.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var cell = event.detail.target && event.detail.target.closest && event.detail.target.closest("[data-inline]");
    if (cell && (status === 403 || status === 409 || status === 422)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
