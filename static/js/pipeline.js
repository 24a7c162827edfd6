// The pipeline board's drag and drop. Without JavaScript each movable card has its own stage
// select and Move button; this only adds dragging a card to another column.
(function () {
  "use strict";

  var BOARD = "#board";

  function board() {
    return document.querySelector(BOARD);
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // The board as the server has it now: puts a refused card back where it was.
  function reloadBoard(message) {
    var current = board();
    if (!current) return;
    htmx.ajax("GET", current.dataset.boardUrl, { target: BOARD, swap: "outerHTML" }).then(
      function () {
        if (message) showError(message);
      }
    );
  }

  function showError(message) {
    var current = board();
    if (!current) return;
    var alert = current.querySelector("[data-testid=board-error]");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "alert alert-danger";
      alert.setAttribute("role", "alert");
      alert.dataset.testid = "board-error";
      current.insertBefore(alert, current.firstChild);
    }
    alert.textContent = message;
  }

  function onDrop(event) {
    var card = event.item;
    var form = card.querySelector("form.pipeline-move");
    var from = event.from.dataset.stage;
    var to = event.to.dataset.stage;
    if (!form || from === to) return;
    var current = board();
    current.setAttribute("aria-busy", "true");
    htmx.ajax("POST", form.getAttribute("action"), {
      target: BOARD,
      swap: "outerHTML",
      values: { stage: to, next: current.dataset.boardUrl },
      headers: { "X-CSRFToken": csrfToken() },
    });
  }

  function enhance(root) {
    if (typeof Sortable === "undefined") return;
    var lists = root.querySelectorAll ? root.querySelectorAll(".pipeline-cards[data-stage]") : [];
    Array.prototype.forEach.call(lists, function (list) {
      Sortable.create(list, {
        group: "pipeline",
        draggable: ".pipeline-card-movable",
        filter: "select, button, input, label",
        preventOnFilter: false,
        sort: false,
        animation: 120,
        // Sortable's own pointer-driven drag rather than native HTML5 drag and drop: the same
        // behaviour in every browser, touch screens included.
        forceFallback: true,
        fallbackTolerance: 3,
        onEnd: onDrop,
      });
    });
  }

  // A refused move (400: bad stage, closed; 403: view only) answers the board with the card
  // back in place and the reason: show it rather than treat it as a failure.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (event.detail.target && event.detail.target.id === "board" && (status === 400 || status === 403)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Anything else (gone, server error, network): reload the board from the server, once.
  function failed(event) {
    var config = event.detail.requestConfig || {};
    if (event.detail.target && event.detail.target.id === "board" && config.verb === "post") {
      var text = document.querySelector("[data-pipeline-failed]");
      reloadBoard(text ? text.textContent : "The card could not be moved.");
    }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);

  htmx.onLoad(function (element) {
    if (element.id === "board" || element === document.body) enhance(element);
  });
})();
