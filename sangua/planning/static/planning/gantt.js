/* The battle map's Gantt (路径图): every row drawn on one canvas, only the rows in view.
 *
 * The data comes from a json_script element (see sangua/planning/gantt.py): rows in columns, dates
 * as day numbers since 1970-01-01. A transparent scrolling viewport lies over the canvas and gives
 * native scrolling; each scroll or resize redraws the visible rows in one animation frame, so a
 * 5,000-node map costs the same per frame as a 20-node one. No element per bar, no inline script.
 *
 * Drawn: the time axis (years, months), the status date line (数据日期, red), deadlines (dashed),
 * baseline bars (grey, behind), the forecast bar of each node coloured by status (behind and
 * overdue in red), actual progress, the latest finish (▼), milestones (◆), the critical path
 * (orange outline and links) and one summary row per project on unit and district maps.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var ROW = 22, HEAD = 40, LEFT_MAX = 340, LEFT_MIN = 200;
  var C = {
    ink: "#1f2329", muted: "#646a73", line: "#dee0e3", grid: "#eef0f2", weekend: "#f7f8fa",
    head: "#fafafa", project: "#f3f4f6", red: "#c8161d", done: "#1e9e4a", progress: "#1456b8",
    planned: "#8fb0de", baseline: "#b8bcc2", critical: "#d46b08", own: "#fff6da", late: "#1f2329"
  };
  // The engine's statuses in the order of gantt.py's STATUS_CODES.
  var STATUS_FILL = [C.done, C.red, C.red, C.progress, C.planned];

  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function iso(d) {
    if (d === null || d === undefined) { return "—"; }
    var t = new Date(d * DAY_MS);
    return t.getUTCFullYear() + "-" + pad(t.getUTCMonth() + 1) + "-" + pad(t.getUTCDate());
  }
  function dayOf(y, m) { return Math.round(Date.UTC(y, m, 1) / DAY_MS); }

  function Gantt(root) {
    this.root = root;
    this.data = JSON.parse(document.getElementById(root.getAttribute("data-gantt")).textContent);
    this.labels = JSON.parse(document.getElementById(root.getAttribute("data-labels")).textContent);
    this.rows = this.data.rows;
    this.n = this.data.count;
    this.viewport = root.querySelector(".gantt-viewport");
    this.spacer = root.querySelector(".gantt-spacer");
    this.canvas = root.querySelector("canvas");
    this.tip = root.querySelector(".gantt-tip");
    this.ctx = this.canvas.getContext("2d", { alpha: false });
    this.font = window.getComputedStyle(document.body).fontFamily;
    this.pending = false;
    this.hover = -1;
    var frame = root.querySelector(".gantt-frame");
    if (frame.hasAttribute("data-auto-height")) {  // a short plan needs no tall frame
      frame.style.height = Math.max(160, Math.min(HEAD + this.n * ROW + 26, window.innerHeight * 0.75)) + "px";
    }
    this.range();
    this.bind();
    this.resize(true);
  }

  Gantt.prototype.range = function () {
    var r = this.rows, lo = Infinity, hi = -Infinity, cols = ["es", "ef", "ls", "lf", "as", "af", "bs", "bf"];
    for (var c = 0; c < cols.length; c++) {
      var col = r[cols[c]];
      for (var i = 0; i < this.n; i++) {
        var v = col[i];
        if (v !== null) { if (v < lo) { lo = v; } if (v > hi) { hi = v; } }
      }
    }
    if (this.data.status !== null) { lo = Math.min(lo, this.data.status); hi = Math.max(hi, this.data.status); }
    this.data.deadlines.forEach(function (d) { lo = Math.min(lo, d); hi = Math.max(hi, d); });
    if (lo === Infinity) { lo = hi = Math.round(Date.now() / DAY_MS); }
    var first = new Date(lo * DAY_MS), last = new Date(hi * DAY_MS);
    this.d0 = dayOf(first.getUTCFullYear(), first.getUTCMonth());  // whole months either side
    this.d1 = dayOf(last.getUTCFullYear(), last.getUTCMonth() + 2);
  };

  Gantt.prototype.bind = function () {
    var self = this, vp = this.viewport;
    vp.addEventListener("scroll", function () { self.request(); }, { passive: true });
    vp.addEventListener("mousemove", function (e) { self.pointer(e); });
    vp.addEventListener("mouseleave", function () { self.hover = -1; self.tip.hidden = true; self.request(); });
    vp.addEventListener("click", function (e) {
      var i = self.rowAt(e);
      if (i >= 0 && self.rows.url[i]) { window.location.href = self.rows.url[i]; }
    });
    vp.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) { return; }
      e.preventDefault();
      self.zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - vp.getBoundingClientRect().left);
    }, { passive: false });
    this.root.querySelectorAll("[data-gantt-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-gantt-action");
        if (action === "in") { self.zoom(1.5); }
        else if (action === "out") { self.zoom(1 / 1.5); }
        else if (action === "fit") { self.fit(); }
        else if (action === "today") { self.scrollToDay(self.data.status); }
      });
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { self.resize(false); }).observe(vp);
    } else {
      window.addEventListener("resize", function () { self.resize(false); });
    }
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(function () { self.request(); });
    }
  };

  Gantt.prototype.resize = function (first) {
    var vp = this.viewport, dpr = window.devicePixelRatio || 1;
    this.w = vp.clientWidth;
    this.h = vp.clientHeight;
    this.left = Math.max(LEFT_MIN, Math.min(LEFT_MAX, Math.round(this.w * 0.28)));
    this.canvas.width = Math.round(this.w * dpr);
    this.canvas.height = Math.round(this.h * dpr);
    this.canvas.style.width = this.w + "px";
    this.canvas.style.height = this.h + "px";
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (first || !this.scale) { this.initial(); } else { this.layout(); this.draw(); }
  };

  // The first view: the whole plan when it fits at a readable scale, else about eighteen months
  // around the status date, which sits at two thirds of the width.
  Gantt.prototype.initial = function () {
    var span = Math.max(this.d1 - this.d0, 1), width = this.w - this.left - 16;
    this.scale = Math.max(0.05, width / span, width / 550);
    this.layout();
    if (this.scale * span > width && this.data.status !== null) {
      this.viewport.scrollLeft = Math.max(0, (this.data.status - this.d0) * this.scale - width * 0.66);
    }
    this.draw();
  };

  Gantt.prototype.fit = function (quiet) {
    var span = Math.max(this.d1 - this.d0, 1);
    this.scale = Math.max(0.05, (this.w - this.left - 16) / span);
    this.layout();
    if (!quiet) { this.viewport.scrollLeft = 0; }
    this.draw();
  };

  Gantt.prototype.layout = function () {
    this.spacer.style.width = Math.ceil(this.left + (this.d1 - this.d0) * this.scale + 16) + "px";
    this.spacer.style.height = (HEAD + this.n * ROW + 8) + "px";
  };

  Gantt.prototype.zoom = function (factor, atX) {
    var vp = this.viewport, x = atX === undefined ? (this.w + this.left) / 2 : atX;
    var day = this.dayAt(x);
    this.scale = Math.min(60, Math.max(0.05, this.scale * factor));
    this.layout();
    vp.scrollLeft = Math.max(0, (day - this.d0) * this.scale - (x - this.left));
    this.draw();
  };

  Gantt.prototype.scrollToDay = function (d) {
    if (d === null) { return; }
    var span = this.w - this.left;
    this.viewport.scrollLeft = Math.max(0, (d - this.d0) * this.scale - span / 2);
    this.request();
  };

  Gantt.prototype.scrollToRow = function (i) {
    this.viewport.scrollTop = Math.max(0, i * ROW - (this.h - HEAD) / 2);
    this.draw();
  };

  Gantt.prototype.x = function (d) { return this.left + (d - this.d0) * this.scale - this.viewport.scrollLeft; };
  Gantt.prototype.dayAt = function (x) { return this.d0 + (x - this.left + this.viewport.scrollLeft) / this.scale; };
  Gantt.prototype.y = function (i) { return HEAD + i * ROW - this.viewport.scrollTop; };

  Gantt.prototype.rowAt = function (e) {
    var rect = this.viewport.getBoundingClientRect();
    var y = e.clientY - rect.top;
    if (y < HEAD) { return -1; }
    var i = Math.floor((y - HEAD + this.viewport.scrollTop) / ROW);
    return i >= 0 && i < this.n ? i : -1;
  };

  Gantt.prototype.request = function () {
    var self = this;
    if (this.pending) { return; }
    this.pending = true;
    window.requestAnimationFrame(function () { self.pending = false; self.draw(); });
  };

  // Where row i's main bar is drawn now (CSS pixels in the canvas), for tests and tooltips.
  Gantt.prototype.barBox = function (i) {
    var r = this.rows, start = r.es[i], end = r.ef[i] + 1;
    return { x: this.x(start), y: this.y(i) + 5, w: Math.max((end - start) * this.scale, 2), h: ROW - 12,
      milestone: r.ms[i] === 1, status: r.st[i], fill: this.fillOf(i) };
  };

  Gantt.prototype.fillOf = function (i) {
    var st = this.rows.st[i];
    return st >= 0 ? STATUS_FILL[st] : C.planned;
  };

  Gantt.prototype.draw = function () {
    var t0 = window.performance.now();
    var ctx = this.ctx, w = this.w, h = this.h, r = this.rows;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, h);
    var top = this.viewport.scrollTop;
    var first = Math.max(0, Math.floor(top / ROW)), last = Math.min(this.n - 1, Math.ceil((top + h - HEAD) / ROW));
    var dayLo = Math.floor(this.dayAt(this.left)), dayHi = Math.ceil(this.dayAt(w));

    // Row bands: project rows, the map unit's own nodes, the hovered row.
    for (var i = first; i <= last; i++) {
      var band = r.kind[i] === 1 ? C.project : (r.own[i] === 1 && this.data.own ? C.own : null);
      if (i === this.hover) { band = "#eef3fb"; }
      if (band) { ctx.fillStyle = band; ctx.fillRect(0, this.y(i), w, ROW); }
    }
    this.drawGrid(dayLo, dayHi);

    // Bars, clipped to the timeline.
    ctx.save();
    ctx.beginPath();
    ctx.rect(this.left, HEAD, w - this.left, h - HEAD);
    ctx.clip();
    for (i = first; i <= last; i++) {
      if (r.kind[i] === 1) { this.drawProject(i); } else { this.drawNode(i); }
    }
    this.drawLinks(first, last);
    this.drawLines();
    ctx.restore();

    this.drawLabels(first, last);
    this.drawHeader(dayLo, dayHi);
    this.lastDrawMs = window.performance.now() - t0;
    if (!this.root.hasAttribute("data-drawn-ms")) {
      this.root.setAttribute("data-drawn-ms", window.performance.now().toFixed(1));
      this.root.setAttribute("data-state", "drawn");
    }
  };

  Gantt.prototype.drawGrid = function (lo, hi) {
    var ctx = this.ctx, h = this.h, s = this.scale;
    if (s >= 6) {  // weekends, when a day is wide enough to see
      ctx.fillStyle = C.weekend;
      for (var d = lo; d <= hi; d++) {
        var wd = (d + 4) % 7;  // 1970-01-01 was a Thursday
        if (wd === 0 || wd === 6) { ctx.fillRect(this.x(d), HEAD, s, h - HEAD); }
      }
    }
    ctx.strokeStyle = C.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    var step = s * 30 >= 14 ? 1 : (s * 90 >= 14 ? 3 : 12);
    var start = new Date(lo * DAY_MS);
    for (var y = start.getUTCFullYear(), m = start.getUTCMonth() - (start.getUTCMonth() % step); ; m += step) {
      var day = dayOf(y, m);
      if (day > hi) { break; }
      var x = Math.round(this.x(day)) + 0.5;
      if (x >= this.left) { ctx.moveTo(x, HEAD); ctx.lineTo(x, h); }
    }
    ctx.stroke();
  };

  Gantt.prototype.drawNode = function (i) {
    var ctx = this.ctx, r = this.rows, s = this.scale, y = this.y(i);
    if (r.bs[i] !== null) {  // the baseline, thin and grey, behind and below the bar
      var bx = this.x(r.bs[i]);
      ctx.fillStyle = C.baseline;
      if (r.ms[i] === 1) { this.diamond(this.x(r.bf[i] + 1), y + ROW - 5, 3, C.baseline, null); }
      else { ctx.fillRect(bx, y + ROW - 6, Math.max((r.bf[i] + 1 - r.bs[i]) * s, 2), 3); }
    }
    var box = this.barBox(i), fill = box.fill;
    if (r.ms[i] === 1) {
      this.diamond(this.x(r.ef[i] + 1), y + ROW / 2 - 1, 6, fill, r.cr[i] === 1 ? C.critical : null);
    } else {
      ctx.fillStyle = fill;
      ctx.globalAlpha = r.st[i] === 4 ? 0.75 : 1;
      ctx.fillRect(box.x, box.y, box.w, box.h);
      ctx.globalAlpha = 1;
      if (r.st[i] === 3 && r.as[i] !== null && this.data.status !== null) {  // done so far
        var upto = Math.min(this.data.status + 1, r.ef[i] + 1);
        ctx.fillStyle = "#0b3a80";
        ctx.fillRect(box.x, box.y + box.h - 3, Math.max((upto - r.es[i]) * s, 0), 3);
      }
      if (r.cr[i] === 1) {
        ctx.strokeStyle = C.critical;
        ctx.lineWidth = 2;
        ctx.strokeRect(box.x + 1, box.y + 1, Math.max(box.w - 2, 1), box.h - 2);
      }
    }
    if (r.st[i] !== 0 && r.lf[i] !== null) {  // the latest finish of the reverse plan
      var lx = this.x(r.lf[i] + 1);
      ctx.fillStyle = r.st[i] === 1 ? C.red : C.late;
      ctx.beginPath();
      ctx.moveTo(lx - 4, y + 1);
      ctx.lineTo(lx + 4, y + 1);
      ctx.lineTo(lx, y + 6);
      ctx.closePath();
      ctx.fill();
    }
  };

  Gantt.prototype.drawProject = function (i) {
    var ctx = this.ctx, r = this.rows, y = this.y(i) + ROW / 2;
    var x0 = this.x(r.es[i]), x1 = this.x(r.ef[i] + 1);
    ctx.fillStyle = r.st[i] === 1 || r.st[i] === 2 ? C.red : C.ink;
    ctx.fillRect(x0, y - 3, Math.max(x1 - x0, 2), 5);
    ctx.fillRect(x0, y - 3, 2, 9);
    ctx.fillRect(x1 - 2, y - 3, 2, 9);
    if (r.lf[i] !== null) { this.diamond(this.x(r.lf[i] + 1), y, 5, "#fff", C.ink); }
  };

  Gantt.prototype.diamond = function (x, y, size, fill, stroke) {
    var ctx = this.ctx;
    ctx.beginPath();
    ctx.moveTo(x, y - size);
    ctx.lineTo(x + size, y);
    ctx.lineTo(x, y + size);
    ctx.lineTo(x - size, y);
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
    if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = 1.5; ctx.stroke(); }
  };

  Gantt.prototype.drawLinks = function (first, last) {
    var L = this.data.links, r = this.rows, ctx = this.ctx;
    for (var k = 0; k < L.length; k += 3) {
      var a = L[k], b = L[k + 1];
      if ((a < first && b < first) || (a > last && b > last)) { continue; }
      var crit = L[k + 2] === 1;
      var xa = this.x(r.ef[a] + 1), ya = this.y(a) + ROW / 2;
      var xb = r.ms[b] === 1 ? this.x(r.ef[b] + 1) - 6 : this.x(r.es[b]), yb = this.y(b) + ROW / 2;
      ctx.strokeStyle = crit ? C.critical : "#9aa0a6";
      ctx.lineWidth = crit ? 1.5 : 1;
      ctx.beginPath();
      var mid = Math.max(xa + 4, Math.min(xb - 4, xa + 8));
      ctx.moveTo(xa, ya);
      ctx.lineTo(mid, ya);
      ctx.lineTo(mid, yb);
      ctx.lineTo(xb, yb);
      ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle;
      ctx.beginPath();
      ctx.moveTo(xb, yb);
      ctx.lineTo(xb - 5, yb - 3);
      ctx.lineTo(xb - 5, yb + 3);
      ctx.closePath();
      ctx.fill();
    }
  };

  Gantt.prototype.drawLines = function () {
    var ctx = this.ctx, h = this.h, self = this;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5;
    this.data.deadlines.forEach(function (d) {
      var x = Math.round(self.x(d + 1)) + 0.5;
      ctx.strokeStyle = C.ink;
      ctx.beginPath(); ctx.moveTo(x, HEAD); ctx.lineTo(x, h); ctx.stroke();
    });
    ctx.setLineDash([]);
    if (this.data.status !== null) {  // the status date: progress is known up to its end
      var x = Math.round(this.x(this.data.status + 1)) + 0.5;
      ctx.strokeStyle = C.red;
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(x, HEAD); ctx.lineTo(x, h); ctx.stroke();
    }
  };

  Gantt.prototype.text = function (s, x, y, max) {
    var ctx = this.ctx;
    if (ctx.measureText(s).width <= max) { ctx.fillText(s, x, y); return; }
    var lo = 0, hi = s.length;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(s.slice(0, mid) + "…").width <= max) { lo = mid; } else { hi = mid - 1; }
    }
    ctx.fillText(s.slice(0, lo) + "…", x, y);
  };

  Gantt.prototype.drawLabels = function (first, last) {
    var ctx = this.ctx, r = this.rows, left = this.left, units = this.data.units;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, HEAD, left, this.h - HEAD);
    ctx.textBaseline = "middle";
    for (var i = first; i <= last; i++) {
      var y = this.y(i) + ROW / 2, project = r.kind[i] === 1;
      if (project || i === this.hover) {
        ctx.fillStyle = i === this.hover ? "#eef3fb" : C.project;
        ctx.fillRect(0, y - ROW / 2, left, ROW);
      }
      var st = r.st[i], indent = project ? 8 : (this.data.grouped ? 22 : 8);
      if (st === 1 || st === 2) {
        ctx.fillStyle = C.red;
        ctx.fillRect(indent - 6, y - 4, 3, 8);
      }
      var unitW = project ? 0 : Math.min(96, left * 0.34);
      ctx.font = (project ? "600 " : "") + "12px " + this.font;
      ctx.fillStyle = st === 1 || st === 2 ? C.red : C.ink;
      this.text(r.name[i], indent, y, left - indent - unitW - 10);
      if (!project && r.unit[i] >= 0) {
        ctx.font = "11px " + this.font;
        ctx.fillStyle = C.muted;
        this.text(units[r.unit[i]], left - unitW - 4, y, unitW);
      }
    }
    ctx.strokeStyle = C.line;
    ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(left + 0.5, 0); ctx.lineTo(left + 0.5, this.h); ctx.stroke();
  };

  Gantt.prototype.drawHeader = function (lo, hi) {
    var ctx = this.ctx, w = this.w, s = this.scale, labels = this.labels;
    ctx.fillStyle = C.head;
    ctx.fillRect(0, 0, w, HEAD);
    ctx.strokeStyle = C.line;
    ctx.beginPath(); ctx.moveTo(0, HEAD - 0.5); ctx.lineTo(w, HEAD - 0.5); ctx.stroke();
    ctx.textBaseline = "middle";
    ctx.font = "600 12px " + this.font;
    ctx.fillStyle = C.muted;
    ctx.fillText(labels.title || "", 8, HEAD / 2);
    ctx.save();
    ctx.beginPath(); ctx.rect(this.left, 0, w - this.left, HEAD); ctx.clip();
    var start = new Date(lo * DAY_MS);
    ctx.font = "11px " + this.font;
    var monthStep = s * 30 >= 28 ? 1 : (s * 90 >= 28 ? 3 : 12);
    var labelled = false;
    for (var y = start.getUTCFullYear(), m = 0; ; m += monthStep) {
      var day = dayOf(y, m);
      if (day > hi) { break; }
      var next = dayOf(y, m + monthStep), x = this.x(day);
      if (this.x(next) < this.left) { continue; }
      ctx.fillStyle = C.line;
      ctx.fillRect(Math.round(x), HEAD - 20, 1, 20);
      var room = this.x(next) - Math.max(x, this.left);
      if (room < 30) { continue; }  // a month cut by the left pane keeps its label to itself
      var when = new Date(day * DAY_MS), month = when.getUTCMonth();
      var label = monthStep === 12 ? String(when.getUTCFullYear())
        : (month === 0 || monthStep === 3 || !labelled ? when.getUTCFullYear() + "-" : "") + pad(month + 1);
      labelled = true;
      ctx.fillStyle = C.muted;
      ctx.fillText(label, Math.max(x, this.left) + 3, HEAD - 11);
    }
    if (this.data.status !== null) {
      var sx = this.x(this.data.status + 1);
      ctx.fillStyle = C.red;
      ctx.font = "600 11px " + this.font;
      var text = labels.status + " " + iso(this.data.status), tw = ctx.measureText(text).width;
      ctx.fillText(text, sx + 4 + tw > w ? sx - 4 - tw : sx + 4, 11);
      ctx.fillRect(Math.round(sx) - 1, 0, 2, HEAD);
    }
    ctx.restore();
  };

  Gantt.prototype.pointer = function (e) {
    var i = this.rowAt(e);
    if (i !== this.hover) { this.hover = i; this.request(); }
    if (i < 0) { this.tip.hidden = true; return; }
    var r = this.rows, L = this.labels, lines = [];
    var st = r.st[i] >= 0 ? L.statuses[r.st[i]] : "";
    lines.push("<b>" + escapeHtml(r.name[i]) + "</b>" + (st ? " · " + escapeHtml(st) : ""));
    if (r.unit[i] >= 0) { lines.push(escapeHtml(this.data.units[r.unit[i]])); }
    lines.push(L.planned + ": " + iso(r.es[i]) + " — " + iso(r.ef[i]));
    if (r.kind[i] === 0) {
      lines.push(L.latest + ": " + iso(r.ls[i]) + " — " + iso(r.lf[i]));
      if (r.as[i] !== null) { lines.push(L.actual + ": " + iso(r.as[i]) + " — " + iso(r.af[i])); }
      if (r.bs[i] !== null) { lines.push(L.baseline + ": " + iso(r.bs[i]) + " — " + iso(r.bf[i])); }
      if (r.cr[i] === 1) { lines.push(L.critical); }
    } else if (r.lf[i] !== null) {
      lines.push(L.deadline + ": " + iso(r.lf[i]));
    }
    this.tip.innerHTML = lines.join("<br>");
    var rect = this.root.getBoundingClientRect();
    this.tip.style.left = Math.min(e.clientX - rect.left + 14, rect.width - 280) + "px";
    this.tip.style.top = (e.clientY - rect.top + 16) + "px";
    this.tip.hidden = false;
  };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[ch];
    });
  }

  function start() {
    document.querySelectorAll("[data-gantt]").forEach(function (root) {
      if (!root.sanguaGantt) { root.sanguaGantt = new Gantt(root); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
