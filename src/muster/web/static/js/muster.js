/* Muster's page behaviour, loaded as a file (the CSP allows no inline script).
 * Every page works without it; with it, charts are drawn by Plotly from their data-figure
 * attribute, and the date slider redraws the stance map through htmx as it moves. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") { return; }
    root.querySelectorAll("[data-figure]").forEach(function (el) {
      if (el.dataset.drawn === "1") { return; }
      var figure;
      try { figure = JSON.parse(el.dataset.figure); } catch (e) { return; }
      el.dataset.drawn = "1";
      window.Plotly.newPlot(el, figure.data, figure.layout, {
        responsive: true, displaylogo: false, displayModeBar: false, staticPlot: false
      });
      var fallback = document.getElementById(el.dataset.fallback || "");
      if (fallback) { fallback.classList.add("has-chart"); }
    });
  }

  function isoDay(start, offset) {
    var d = new Date(start + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  }

  function wireSliders(root) {
    root.querySelectorAll("input[type=range][data-start]").forEach(function (slider) {
      if (slider.dataset.wired === "1") { return; }
      slider.dataset.wired = "1";
      var target = document.getElementById(slider.dataset.date);
      var output = document.getElementById(slider.dataset.output);
      slider.addEventListener("input", function () {
        var day = isoDay(slider.dataset.start, parseInt(slider.value, 10));
        if (target) { target.value = day; }
        if (output) { output.textContent = day; }
        slider.setAttribute("aria-valuetext", day);
        if (slider.form) {
          slider.form.dispatchEvent(new Event("slide", { bubbles: true }));
        }
      });
    });
  }

  function init(root) { drawCharts(root); wireSliders(root); }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
