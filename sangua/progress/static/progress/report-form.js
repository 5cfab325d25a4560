/* The report form's figures, recomputed as the amount is typed.
   The numbers come from the json_script "report-numbers" (amounts in 万元 as decimal strings).
   Arithmetic is exact: amounts become integer cents (BigInt), rates are rounded half-up to
   2 decimals like the server's (SPEC §3), so what the unit sees is what the office will see. */
(function () {
  "use strict";
  var source = document.getElementById("report-numbers");
  var input = document.getElementById("id_amount");
  if (!source || !input) { return; }
  var n = JSON.parse(source.textContent);

  /* "1234.5" -> 123450n cents; null when it is not a non-negative amount. */
  function cents(text) {
    var t = String(text).trim().replace(/,/g, "");
    if (t === "") { return 0n; }
    var m = /^(\d+)(?:\.(\d{0,2})\d*)?$/.exec(t);
    if (!m) { return null; }
    var frac = (m[2] || "").padEnd(2, "0");
    return BigInt(m[1]) * 100n + BigInt(frac);
  }

  function group(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  /* hundredths (BigInt) -> "1,234.56" */
  function fixed2(h) {
    var neg = h < 0n; if (neg) { h = -h; }
    var s = (h / 100n).toString(), f = (h % 100n).toString().padStart(2, "0");
    return (neg ? "-" : "") + group(s) + "." + f;
  }

  /* num / den × 100, rounded half-up to hundredths of a percent; null when den is 0. */
  function rate(num, den) {
    if (den === 0n) { return null; }
    var scaled = num * 10000n;
    return (2n * scaled + den) / (2n * den);
  }

  var planMonth = cents(n.plan_month), planToDate = cents(n.plan_to_date);
  var annual = cents(n.annual), before = cents(n.done_before);
  var redBelow = cents(n.red_below), greenFrom = cents(n.green_from);  /* in hundredths of % */
  var rateEl = document.querySelector('[data-figure="plan_to_date_rate"]');

  function show(name, text) {
    var el = document.querySelector('[data-figure="' + name + '"]');
    if (el) { el.textContent = text; }
  }

  function update() {
    var amount = cents(input.value);
    if (amount === null) {
      ["amount", "ytd", "month_rate", "plan_to_date_rate", "completion_rate"].forEach(function (k) { show(k, "—"); });
      return;
    }
    var ytd = before + amount;
    var pct = function (r) { return r === null ? "—" : fixed2(r) + "%"; };
    show("amount", fixed2(amount));
    show("ytd", fixed2(ytd));
    show("month_rate", pct(n.has_plan && planMonth > 0n ? rate(amount, planMonth) : null));
    var ptd = n.has_plan ? rate(ytd, planToDate) : null;
    show("plan_to_date_rate", pct(ptd));
    if (rateEl) {
      rateEl.classList.remove("rate-red", "rate-yellow", "rate-green");
      if (ptd !== null) {
        rateEl.classList.add(ptd < redBelow ? "rate-red" : ptd < greenFrom ? "rate-yellow" : "rate-green");
      }
    }
    show("completion_rate", pct(n.has_plan ? rate(ytd, annual) : null));
  }

  input.addEventListener("input", update);
  update();
})();
