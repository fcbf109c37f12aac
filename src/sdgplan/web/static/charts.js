// Draws each chart from its <script type="application/json" class="vega-spec"> block with
// vega-embed (/static/vega.js); the data table beside it is in the page either way.
(function () {
  "use strict";
  if (typeof window.vegaEmbed !== "function") {
    return;
  }
  document.querySelectorAll("script.vega-spec").forEach(function (node) {
    var target = document.getElementById(node.dataset.target);
    if (!target) {
      return;
    }
    var chart = JSON.parse(node.textContent);
    var figure = target.closest("figure");
    window.vegaEmbed(target, chart.spec, chart.options).then(function () {
      if (figure) {
        figure.hidden = false;
      }
    }).catch(function () {
      if (figure) {
        figure.hidden = true;
      }
    });
  });
})();
