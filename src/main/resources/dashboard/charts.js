// A small SVG chart renderer: line charts, grouped and stacked bars, and a timeline of markers.
// Hand-written so the page needs no build step and nothing from the network; the charts are few
// and simple (a handful of series over at most a few thousand rounds).
"use strict";
const Charts = (() => {
  const W = 460, H = 220, L = 52, R = 12, T = 10, B = 34;
  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
  const NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function text(parent, x, y, s, anchor) {
    const t = el("text", { x, y, "text-anchor": anchor || "middle" }, parent);
    t.textContent = s;
    return t;
  }

  /** About n round-numbered ticks over [lo, hi], at least minStep apart (1 on a round axis). */
  function niceTicks(lo, hi, n, minStep) {
    if (!(hi > lo)) { hi = lo + 1; }
    const step0 = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = Math.max(minStep || 0, [1, 2, 5, 10].map(m => m * mag).find(s => s >= step0));
    const ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) ticks.push(+v.toFixed(10));
    return ticks;
  }

  function fmt(v) {
    const a = Math.abs(v);
    return a === 0 ? "0" : a >= 1000 || a < 0.01 ? v.toExponential(1) : +v.toPrecision(3) + "";
  }

  /** Axes and scales over [x0,x1]×[y0,y1]; returns the svg and the two scale functions. */
  function frame(container, o, x0, x1, y0, y1) {
    container.innerHTML = "";
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img" }, container);
    const sx = v => L + (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0)) * (W - L - R);
    const sy = v => H - B - (y1 === y0 ? 0.5 : (v - y0) / (y1 - y0)) * (H - T - B);
    for (const t of o.noYTicks ? [] : niceTicks(y0, y1, 5)) {
      el("line", { x1: L, x2: W - R, y1: sy(t), y2: sy(t), stroke: "#eee" }, svg);
      text(svg, L - 4, sy(t) + 4, fmt(t), "end");
    }
    if (!o.categorical) {
      for (const t of niceTicks(x0, x1, 6, o.integerX ? 1 : 0)) text(svg, sx(t), H - B + 14, fmt(t));
    }
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#999" }, svg);
    el("line", { x1: L, x2: L, y1: T, y2: H - B, stroke: "#999" }, svg);
    if (o.xLabel) text(svg, (L + W - R) / 2, H - 4, o.xLabel);
    if (o.yLabel) { const t = text(svg, 12, (T + H - B) / 2, o.yLabel); t.setAttribute("transform", `rotate(-90 12 ${(T + H - B) / 2})`); }
    return { svg, sx, sy };
  }

  function legend(container, names, colors) {
    const div = document.createElement("div");
    div.className = "legend";
    names.forEach((n, i) => { const s = document.createElement("span"); s.innerHTML = `<i style="background:${colors[i]}"></i>`; s.append(n); div.appendChild(s); });
    container.appendChild(div);
  }

  function range(values, lo, hi) {
    let a = Infinity, b = -Infinity;
    for (const v of values) if (Number.isFinite(v)) { a = Math.min(a, v); b = Math.max(b, v); }
    if (a === Infinity) { a = 0; b = 1; }
    return [lo !== undefined ? Math.min(lo, a) : a, hi !== undefined ? Math.max(hi, b) : b];
  }

  /**
   * series: [{name, points: [[x, y], ...]}]; o: {xLabel, yLabel, xMin, xMax, yMin, yMax, integerX,
   * hline: {y, name}} (xMin/xMax/yMin/yMax widen the data's range, never narrow it).
   */
  function line(container, series, o) {
    o = o || {};
    const xs = series.flatMap(s => s.points.map(p => p[0]));
    const ys = series.flatMap(s => s.points.map(p => p[1])).concat(o.hline ? [o.hline.y] : []);
    const [x0, x1] = range(xs, o.xMin, o.xMax);
    const [y0, y1] = range(ys, o.yMin, o.yMax);
    const { svg, sx, sy } = frame(container, o, x0, x1, y0, y1);
    const colors = series.map((s, i) => s.color || PALETTE[i % PALETTE.length]);
    series.forEach((s, i) => {
      if (s.points.length === 0) return;
      el("polyline", { points: s.points.map(p => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" "), fill: "none", stroke: colors[i], "stroke-width": 1.6 }, svg);
      if (s.points.length < 60) s.points.forEach(p => el("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 2.2, fill: colors[i] }, svg));
    });
    const names = series.map(s => s.name), cs = colors.slice();
    if (o.hline) {
      el("line", { x1: L, x2: W - R, y1: sy(o.hline.y), y2: sy(o.hline.y), stroke: "#000", "stroke-dasharray": "5 3" }, svg);
      names.push(o.hline.name); cs.push("#000");
    }
    legend(container, names, cs);
  }

  /** Grouped bars: categories [c...], series [{name, values}] (one value per category). */
  function bars(container, categories, series, o) {
    o = Object.assign({ categorical: true }, o || {});
    const ys = series.flatMap(s => s.values).concat(o.hline ? [o.hline.y] : []);
    const [, y1] = range(ys, 0);
    const { svg, sy } = frame(container, o, 0, 1, 0, y1 || 1);
    const colors = series.map((s, i) => s.color || PALETTE[i % PALETTE.length]);
    const slot = (W - L - R) / Math.max(1, categories.length), bw = slot * 0.8 / Math.max(1, series.length);
    categories.forEach((c, ci) => {
      series.forEach((s, si) => {
        const v = s.values[ci] || 0, x = L + ci * slot + slot * 0.1 + si * bw;
        el("rect", { x, y: sy(v), width: Math.max(1, bw - 1), height: Math.max(0, sy(0) - sy(v)), fill: colors[si] }, svg)
          .appendChild(document.createElementNS(NS, "title")).textContent = `${s.name} ${c}: ${v}`;
      });
      if (categories.length <= 40 || ci % Math.ceil(categories.length / 40) === 0) text(svg, L + ci * slot + slot / 2, H - B + 14, c);
    });
    const names = series.map(s => s.name), cs = colors.slice();
    if (o.hline) {
      el("line", { x1: L, x2: W - R, y1: sy(o.hline.y), y2: sy(o.hline.y), stroke: "#000", "stroke-dasharray": "5 3" }, svg);
      names.push(o.hline.name); cs.push("#000");
    }
    legend(container, names, cs);
  }

  /** Stacked bars per integer x: stacks [{x, parts: [{key, value}]}], coloured by key. */
  function stacked(container, stacks, o) {
    o = Object.assign({ integerX: true }, o || {});
    const xs = stacks.map(s => s.x);
    const [x0, x1] = range(xs, o.xMin, o.xMax);
    const { svg, sx, sy } = frame(container, o, x0 - 0.5, x1 + 0.5, 0, o.yMax || 1);
    const bw = Math.max(1, (W - L - R) / (x1 - x0 + 1) * 0.8);
    const keys = [...new Set(stacks.flatMap(s => s.parts.map(p => p.key)))].sort((a, b) => a - b);
    const color = k => PALETTE[keys.indexOf(k) % PALETTE.length];
    stacks.forEach(s => {
      let base = 0;
      s.parts.forEach(p => {
        el("rect", { x: sx(s.x) - bw / 2, y: sy(base + p.value), width: bw, height: Math.max(0, sy(base) - sy(base + p.value)), fill: color(p.key) }, svg)
          .appendChild(document.createElementNS(NS, "title")).textContent = `round ${s.x}, device ${p.key}: ${p.value.toFixed(4)}`;
        base += p.value;
      });
    });
    legend(container, keys.map(k => (o.keyName || "") + k), keys.map(color));
  }

  /** Markers on a round axis: items [{x, label}], one row per kind. */
  function timeline(container, items, xMax, o) {
    o = o || {};
    const kinds = [...new Set(items.map(i => i.kind))];
    const { svg, sx } = frame(container, Object.assign({ xLabel: "round", noYTicks: true, integerX: true }, o), 1, Math.max(2, xMax), 0, 1);
    const rowH = (H - T - B) / Math.max(1, kinds.length + 1);
    kinds.forEach((k, r) => text(svg, L + 4, T + rowH * (r + 1) - 6, k, "start"));
    items.forEach(i => {
      const r = kinds.indexOf(i.kind), y = T + rowH * (r + 1);
      el("circle", { cx: sx(i.x), cy: y, r: 4, fill: PALETTE[(r + 1) % PALETTE.length] }, svg)
        .appendChild(document.createElementNS(NS, "title")).textContent = `round ${i.x}: ${i.label}`;
    });
    if (items.length === 0) text(svg, (L + W - R) / 2, (T + H - B) / 2, "no faults or retries");
  }

  return { line, bars, stacked, timeline, PALETTE };
})();
