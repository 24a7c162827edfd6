// The support figures' chart: the share of cases answered and resolved within target per
// week, drawn with the vendored Chart.js from the data the page embeds (#case-figures-data).
// The same numbers are in the table under the chart (for screen readers, without JavaScript).
(function () {
  "use strict";

  function init() {
    var node = document.getElementById("case-figures-data");
    var canvas = document.getElementById("case-figures-chart");
    if (!node || !canvas || !window.Chart) return;
    var data;
    try {
      data = JSON.parse(node.textContent);
    } catch (e) {
      return;
    }
    var names = data.names || {};
    // No animation for those who ask for less motion (and a 100 % point is drawn whole).
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var chart = {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: names.response, data: data.response, borderColor: "#0d6efd", backgroundColor: "#0d6efd", spanGaps: true, clip: false },
          { label: names.resolution, data: data.resolution, borderColor: "#198754", backgroundColor: "#198754", spanGaps: true, clip: false },
        ],
      },
      options: {
        responsive: true,
        layout: { padding: { top: 8 } },
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, max: 100 } },
      },
    };
    if (still) chart.options.animation = false;
    new window.Chart(canvas, chart);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
