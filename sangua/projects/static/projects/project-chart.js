/* The project page's chart: monthly plan vs approved completed (bars), both cumulated (lines).
   Data and labels come from json_script elements; no inline script. */
(function () {
  "use strict";
  var el = document.getElementById("project-chart");
  var dataEl = document.getElementById("chart-data");
  var labelsEl = document.getElementById("chart-labels");
  if (!el || !dataEl || !labelsEl || typeof echarts === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var labels = JSON.parse(labelsEl.textContent);

  function num(v) { return v === null ? null : Number(v); }
  function wan(v) {
    if (v === null || v === undefined || isNaN(v)) { return "—"; }
    return Number(v).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  var colors = { plan: "#9fb3c8", done: "#b3141a", planCum: "#5b7083", doneCum: "#e6a700" };
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily },
    color: [colors.plan, colors.done, colors.planCum, colors.doneCum],
    grid: { left: 70, right: 80, top: 40, bottom: 30 },
    legend: { top: 0 },
    tooltip: {
      trigger: "axis",
      valueFormatter: function (v) { return wan(v); }
    },
    xAxis: { type: "category", data: labels.months },
    yAxis: [
      { type: "value", name: labels.monthly, axisLabel: { formatter: function (v) { return v.toLocaleString("en-US"); } } },
      { type: "value", name: labels.cumulative, splitLine: { show: false },
        axisLabel: { formatter: function (v) { return v.toLocaleString("en-US"); } } }
    ],
    series: [
      { name: labels.plan, type: "bar", data: data.plan.map(num), barGap: "10%" },
      { name: labels.done, type: "bar", data: data.done.map(num) },
      { name: labels.plan_cumulative, type: "line", yAxisIndex: 1, data: data.plan_cumulative.map(num),
        symbolSize: 6, lineStyle: { type: "dashed", width: 2 } },
      { name: labels.done_cumulative, type: "line", yAxisIndex: 1, data: data.done_cumulative.map(num),
        symbolSize: 6, lineStyle: { width: 3 } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
