// The activity chart: the team's calls, meetings and completed tasks per week, drawn with the
// vendored Chart.js from the data the page embeds (#activity-chart-data). The same numbers
// are in the Total row of the table above it, for screen readers and without JavaScript.
(function () {
  "use strict";

  var COLORS = { calls: "#0d6efd", meetings: "#0dcaf0", tasks: "#198754" };

  function init() {
    var node = document.getElementById("activity-chart-data");
    var canvas = document.getElementById("activity-chart");
    if (!node || !canvas || !window.Chart) return;
    var data;
    try {
      data = JSON.parse(node.textContent);
    } catch (e) {
      return;
    }
    var names = data.names || {};
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: ["calls", "meetings", "tasks"].map(function (key) {
          return { label: names[key] || key, data: data[key], backgroundColor: COLORS[key] };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
