// The chart helpers every report page shares (inlined into each page with uPlot): time series with
// units, legends and hover values, marked intervals (a fault), grouped bars, percentile curves.
const chartWidth = Math.min(980, document.body.clientWidth || 980);

function fixed(digits) {
  return (u, v) => v == null ? "" : (+v).toFixed(digits);
}

function line(label, color, data, digits) {
  return { label: label, stroke: color, width: 2, data: data, value: fixed(digits == null ? 1 : digits) };
}

/** Shades [from, to] (x units) of a chart and labels it: a fault, from its start to its end. */
function intervalPlugin(marks) {
  return {
    hooks: {
      drawClear: [u => {
        const ctx = u.ctx;
        marks.forEach(mark => {
          const left = u.valToPos(mark.from, "x", true);
          const right = mark.to == null ? left : u.valToPos(mark.to, "x", true);
          ctx.save();
          if (right - left > 1) {
            ctx.fillStyle = mark.fill || "rgba(214, 39, 40, 0.12)";
            ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
          } else {
            ctx.strokeStyle = mark.stroke || "#2ca02c";
            ctx.setLineDash([6, 4]);
            ctx.lineWidth = 2;
            ctx.beginPath();
            ctx.moveTo(left, u.bbox.top);
            ctx.lineTo(left, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }
          ctx.fillStyle = "#444";
          ctx.font = (12 * devicePixelRatio) + "px system-ui, sans-serif";
          ctx.fillText(mark.label, left + 4 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
          ctx.restore();
        });
      }],
    },
  };
}

/** A chart over seconds: series from line(), optional marked intervals, optional [first, last] second shown. */
function timeChart(target, xs, series, yLabel, marks, xRange) {
  return new uPlot({
    width: chartWidth, height: 260,
    scales: { x: xRange ? { time: false, range: () => xRange } : { time: false } },
    axes: [{ label: "seconds", values: (u, vals) => vals.map(v => v + " s") }, { label: yLabel, size: 60 }],
    series: [{ label: "second", value: (u, v) => v == null ? "" : v + " s" }].concat(series),
    plugins: marks && marks.length ? [intervalPlugin(marks)] : [],
  }, [xs].concat(series.map(s => s.data)), target);
}

/**
 * Grouped bars: one group per category, one bar per series ({label, color, data}). The bars of a
 * group stand side by side at x = category ± a fraction, each series null at the others' places.
 */
function barChart(target, categories, series, yLabel, digits) {
  const count = series.length;
  const step = 0.8 / count;
  const xs = [];
  categories.forEach((c, ci) => series.forEach((s, si) => xs.push(ci + (si - (count - 1) / 2) * step)));
  const data = series.map((s, si) => xs.map((x, i) => i % count === si ? s.data[Math.floor(i / count)] : null));
  return new uPlot({
    width: chartWidth, height: 300,
    // bars grow from zero: a scale that starts above it would exaggerate every difference
    scales: { x: { time: false, range: [-0.6, categories.length - 0.4] }, y: { range: (u, min, max) => [0, max * 1.1] } },
    axes: [{ splits: () => categories.map((c, i) => i), values: (u, vals) => vals.map(v => categories[Math.round(v)] || "") },
           { label: yLabel, size: 70 }],
    series: [{ label: "of", value: (u, v) => v == null ? "" : categories[Math.round(v)] }].concat(series.map(s => ({
      label: s.label, fill: s.color, stroke: s.color, width: 1, value: fixed(digits == null ? 0 : digits),
      paths: uPlot.paths.bars({ size: [0.95, 80], align: 0 }), points: { show: false },
    }))),
  }, [xs].concat(data), target);
}

// x = -log10(1 - p): 90 % → 1, 99 % → 2, 99.9 % → 3, so the tail gets the room it deserves.
const nines = p => p >= 100 ? 6 : Math.min(6, -Math.log10(1 - p / 100));

/** Latency by percentile (HdrHistogram's percentile plot): curves of {label, color, points: [{percentile, millis}]}. */
function percentileChart(target, curves) {
  // from the 1st percentile: below it a histogram holds single artefacts (a 1 µs floor) that would
  // stretch the log axis over decades nobody reads
  curves = curves.map(c => Object.assign({}, c, { points: c.points.filter(p => p.percentile >= 1) }));
  const xs = Array.from(new Set([].concat(...curves.map(c => c.points.map(p => nines(p.percentile)))))).sort((a, b) => a - b);
  const at = (points, x) => {
    const hit = points.filter(p => nines(p.percentile) <= x);
    return hit.length ? hit[hit.length - 1].millis : null;
  };
  return new uPlot({
    width: chartWidth, height: 280,
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [{ label: "percentile", splits: () => [0, 1, 2, 3, 4, 5, 6],
             values: (u, vals) => vals.map(v => v === 6 ? "max" : ["0", "90", "99", "99.9", "99.99", "99.999"][v] + " %") },
           { label: "ms (log scale)", size: 60 }],
    series: [{ label: "percentile", value: (u, v) => v == null ? "" : (100 - 100 * Math.pow(10, -v)).toFixed(3) + " %" }]
      .concat(curves.map(c => ({ label: c.label, stroke: c.color, width: 2, value: fixed(1) }))),
  }, [xs].concat(curves.map(c => xs.map(x => at(c.points, x)))), target);
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A table from rows of cells (already escaped where they come from data). */
function tableHtml(header, rows) {
  return "<tr>" + header.map(h => "<th>" + h + "</th>").join("") + "</tr>"
    + rows.map(r => "<tr>" + r.map(c => "<td>" + c + "</td>").join("") + "</tr>").join("");
}
