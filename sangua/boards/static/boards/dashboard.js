// The office dashboard: the cumulative investment chart and the month picker.
// No inline script: the chart's data comes from a json_script element beside it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The month and region pickers reload the page as soon as a choice is made.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  var el = document.getElementById("chart-cumulative");
  var source = document.getElementById("chart-cumulative-data");
  if (!el || !source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var css = getComputedStyle(document.documentElement);
  var colour = function (name, fallback) {
    return css.getPropertyValue(name).trim() || fallback;
  };
  var wan = function (value) {
    return value === null || value === undefined
      ? "—"
      : Number(value).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  };
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    // The page's own font (Noto Sans SC, served from this host): the machine may have no CJK font.
    textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily },
    color: [colour("--grey", "#8c8c8c"), colour("--accent", "#b3141a"), colour("--ink", "#1f2329")],
    grid: { left: 70, right: 24, top: 36, bottom: 32 },
    legend: { top: 0, data: [data.names.plan, data.names.done, data.names.time] },
    tooltip: {
      trigger: "axis",
      valueFormatter: function (value) {
        return wan(value) + " " + data.names.unit;
      },
    },
    xAxis: { type: "category", data: data.months, boundaryGap: false },
    yAxis: {
      type: "value",
      axisLabel: {
        formatter: function (value) {
          return Number(value).toLocaleString();
        },
      },
    },
    series: [
      {
        name: data.names.plan,
        type: "line",
        data: data.plan,
        symbol: "none",
        lineStyle: { type: "dashed", width: 2 },
      },
      {
        name: data.names.done,
        type: "line",
        data: data.done,
        symbolSize: 7,
        lineStyle: { width: 3 },
        areaStyle: { opacity: 0.12 },
      },
      {
        name: data.names.time,
        type: "line",
        data: data.time,
        symbol: "none",
        lineStyle: { type: "dotted", width: 1 },
      },
    ],
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
