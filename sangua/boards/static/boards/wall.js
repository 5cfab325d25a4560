// The public wall: the month-by-month chart, a clock, and re-drawing after htmx refreshes
// the figures (hx-trigger="every …s" on #wall-live). No inline script anywhere: the chart's
// data comes from the json_script element inside the refreshed fragment.
(function () {
  "use strict";

  function rem() {
    return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  }

  function colour(name, fallback) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  }

  function drawChart(root, animate) {
    var el = root.querySelector("#wall-chart");
    var source = root.querySelector("#wall-chart-data");
    if (!el || !source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var r = rem();
    var ink = colour("--w-ink", "#f4f7fb");
    var muted = colour("--w-muted", "#9fb3cf");
    var line = colour("--w-line", "#1f3558");
    var green = colour("--w-green", "#36d67e");
    var red = colour("--w-red", "#ff4d4f");
    var chart = echarts.init(el, null, { renderer: "svg" });
    var last = data.rate.reduce(function (found, value, index) {
      return value === null ? found : index;
    }, -1);
    chart.setOption({
      animation: animate,
      textStyle: { fontFamily: "Noto Sans SC, sans-serif" },
      grid: { left: 4.2 * r, right: 0.6 * r, top: 2 * r, bottom: 2.2 * r },
      xAxis: {
        type: "category",
        data: data.months,
        axisLine: { lineStyle: { color: line } },
        axisTick: { show: false },
        axisLabel: { color: muted, fontSize: 1.25 * r },
      },
      yAxis: {
        type: "value",
        min: 0,
        max: function (range) {
          return Math.max(100, Math.ceil(range.max / 20) * 20);
        },
        interval: 25,
        splitLine: { lineStyle: { color: line } },
        axisLabel: { color: muted, fontSize: 1.25 * r, formatter: "{value}%" },
      },
      series: [
        {
          name: data.names.rate,
          type: "bar",
          barWidth: "58%",
          data: data.rate.map(function (value, index) {
            if (value === null) {
              return null;
            }
            return {
              value: value,
              itemStyle: {
                color: value >= data.time[index] ? green : red,
                borderRadius: [0.25 * r, 0.25 * r, 0, 0],
              },
              label: {
                show: index === last,
                position: "top",
                color: ink,
                fontSize: 1.3 * r,
                fontWeight: "bold",
                formatter: "{c}%",
              },
            };
          }),
        },
        {
          name: data.names.time,
          type: "line",
          data: data.time,
          symbol: "none",
          lineStyle: { color: ink, width: 0.18 * r, type: "dashed" },
          itemStyle: { color: ink },
        },
      ],
    });
  }

  function disposeCharts(root) {
    root.querySelectorAll("#wall-chart").forEach(function (el) {
      var chart = window.echarts && echarts.getInstanceByDom(el);
      if (chart) {
        chart.dispose();
      }
    });
  }

  // The clock shows the site's time zone (data-clock), whatever the screen's computer is set to.
  function tick() {
    var now = new Date();
    document.querySelectorAll("[data-clock]").forEach(function (el) {
      var options = { hour: "2-digit", minute: "2-digit", hour12: false };
      try {
        el.textContent = now.toLocaleTimeString("en-GB", Object.assign(options, { timeZone: el.dataset.clock }));
      } catch (error) {
        el.textContent = now.toLocaleTimeString("en-GB", options);
      }
    });
  }

  // Long lists of stalled or slow projects turn their pages every few seconds, so a city's
  // 27 stalled projects are all read in turn without scrolling.
  var PAGE_SECONDS = 8;
  var pagers = [];

  function startPagers(root) {
    pagers.forEach(clearInterval);
    pagers = [];
    root.querySelectorAll("ul[data-pager]").forEach(function (list) {
      var size = parseInt(list.dataset.pager, 10) || 4;
      var items = Array.prototype.slice.call(list.children);
      var label = list.parentNode.querySelector("[data-pager-label]");
      if (items.length <= size) {
        return;
      }
      var page = 0;
      var pages = Math.ceil(items.length / size);
      list.setAttribute("data-paging", "");
      function show() {
        items.forEach(function (item, index) {
          item.hidden = Math.floor(index / size) !== page;
        });
        if (label) {
          label.textContent = label.dataset.pagerLabel
            .replace("{first}", page * size + 1)
            .replace("{last}", Math.min((page + 1) * size, items.length))
            .replace("{total}", items.length);
        }
      }
      show();
      pagers.push(
        setInterval(function () {
          page = (page + 1) % pages;
          show();
        }, PAGE_SECONDS * 1000)
      );
    });
  }

  var live = document.getElementById("wall-live");
  if (!live) {
    return;
  }
  drawChart(live, true);
  startPagers(live);
  tick();
  setInterval(tick, 10000);

  // A refresh replaces the fragment: free the old chart, draw the new one without animation
  // so the screen does not flicker every few minutes.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target === live) {
      disposeCharts(live);
    }
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target === live) {
      drawChart(live, false);
      startPagers(live);
      tick();
    }
  });

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      disposeCharts(live);
      drawChart(live, false);
    }, 200);
  });
})();
