// The forecast charts: quota, closed and weighted forecast per quarter, drawn with the
// vendored Chart.js from the data the page embeds (#forecast-chart-data). The same numbers
// are in a plain table under the charts, for screen readers and without JavaScript.
(function () {
  "use strict";

  var COLORS = { quota: "#6c757d", closed: "#198754", weighted: "#0d6efd" };

  function draw(canvasId, series, data) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || !series) return;
    var names = data.names || {};
    var datasets = ["quota", "closed", "weighted"].map(function (key) {
      return {
        label: names[key] || key,
        data: series[key],
        backgroundColor: COLORS[key],
      };
    });
    var title = (data.titles || {})[canvasId.replace("forecast-chart-", "")] || "";
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: series.labels, datasets: datasets },
      options: {
        responsive: true,
        plugins: {
          title: { display: !!title, text: title + (series.currency ? " (" + series.currency + ")" : "") },
          legend: { position: "bottom" },
        },
        scales: { y: { beginAtZero: true } },
      },
    });
  }

  function init() {
    var node = document.getElementById("forecast-chart-data");
    if (!node || !window.Chart) return;
    var data;
    try {
      data = JSON.parse(node.textContent);
    } catch (e) {
      return;
    }
    draw("forecast-chart-mine", data.mine, data);
    draw("forecast-chart-team", data.team, data);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
