/* Sambat charts: draws every <canvas data-chart="KEY"> with the vendored Chart.js.
 *
 * The figures come from a JSON block rendered by the page (Django's json_script; the canvas names it in
 * data-source), shaped {KEY: {labels: [...], series: [{label, data: [...]}]}}. Labels are translated by the
 * server. The tables beside each chart hold the same figures, so nothing is lost without JavaScript.
 * Each chart is kept in window.sambatCharts (by key) so tests and other scripts can find it.
 */
(function () {
  "use strict";

  var COLOURS = ["#0b6e4f", "#1d4ed8", "#c2410c", "#7e22ce", "#b91c1c", "#15803d"];

  function readData(id) {
    var source = document.getElementById(id);
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function datasets(series, kind) {
    return series.map(function (item, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: item.label,
        data: item.data,
        borderColor: colour,
        backgroundColor: kind === "bar" ? colour : colour + "33",
        borderWidth: 2,
        pointRadius: kind === "line" ? 3 : 0,
        spanGaps: true,
        tension: 0.2
      };
    });
  }

  function draw(canvas, figures) {
    var key = canvas.dataset.chart;
    var chart = figures[key];
    if (!chart || !chart.labels || !chart.series) {
      return null;
    }
    var kind = canvas.dataset.kind === "bar" ? "bar" : "line";
    var horizontal = canvas.dataset.horizontal === "1";
    var valueAxis = {
      beginAtZero: true,
      ticks: { precision: 0 },
      max: canvas.dataset.max ? Number(canvas.dataset.max) : undefined
    };
    return new window.Chart(canvas, {
      type: kind,
      data: { labels: chart.labels, datasets: datasets(chart.series, kind) },
      options: {
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        animation: false,
        plugins: { legend: { display: chart.series.length > 1, position: "bottom" } },
        scales: horizontal ? { x: valueAxis } : { y: valueAxis }
      }
    });
  }

  function init() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    window.sambatCharts = window.sambatCharts || {};
    var canvases = document.querySelectorAll("canvas[data-chart]");
    var cache = {};
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var source = canvas.dataset.source;
      if (!(source in cache)) {
        cache[source] = readData(source);
      }
      if (!cache[source]) {
        continue;
      }
      var box = canvas.closest("[hidden]");
      if (box) {
        box.hidden = false;  // charts are an extra: shown only when they can be drawn
      }
      var drawn = draw(canvas, cache[source]);
      if (drawn) {
        window.sambatCharts[canvas.dataset.chart] = drawn;
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
