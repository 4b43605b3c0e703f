// Bar charts over categories (bands, score ranges) drawn by uPlot: grouped bars for before and
// after, optionally a flat reference line (a target rate). The numbers are always in a table
// next to the chart too; the chart itself is an image to assistive technology, with a summary
// in its label.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const HEIGHT = 200;

/**
 * A chart in `container`, its values written with `yFormat` on a scale from 0 to `yMax` (or a
 * little above the largest value). `update({ labels, bars: [{ label, values, color }], line?:
 * { label, value, color }, summary })` draws it (again); `summary` is its accessible label.
 */
export function barChart(container, { yFormat = (v) => String(v), yMax = null } = {}) {
  let plot = null;
  let shape = "";
  let labels = [];
  const observer = new ResizeObserver(() => {
    if (plot && container.clientWidth > 0 && Math.abs(plot.width - container.clientWidth) > 1)
      plot.setSize({ width: container.clientWidth, height: HEIGHT });
  });
  observer.observe(container);

  function options(bars, line) {
    const n = bars.length;
    // Bars of one category side by side: with two, one left and one right of the tick.
    const align = n === 1 ? [0] : [-1, 1];
    const size = n === 1 ? 0.6 : 0.34;
    const series = [
      {},
      ...bars.map((bar, i) => ({
        label: bar.label,
        stroke: bar.color,
        fill: bar.color,
        width: 0,
        paths: uPlot.paths.bars({ size: [size, 64], align: align[i] ?? 0, gap: 2 }),
        points: { show: false },
        value: (u, v) => (v === null || v === undefined ? "–" : yFormat(v)),
      })),
    ];
    if (line)
      series.push({
        label: line.label,
        stroke: line.color,
        width: 2,
        dash: [6, 4],
        points: { show: false },
        value: () => yFormat(line.value),
      });
    return {
      width: Math.max(container.clientWidth, 240),
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { show: false },
      select: { show: false },
      scales: {
        x: { time: false, range: () => [-0.5, labels.length - 0.5] },
        y: { range: (u, min, max) => [0, yMax ?? Math.max(1, max * 1.1)] },
      },
      axes: [
        {
          splits: () => labels.map((_, i) => i),
          values: (u, splits) => splits.map((i) => labels[i] ?? ""),
          grid: { show: false },
          ticks: { show: false },
          stroke: "#374151",
          font: "12px system-ui, sans-serif",
        },
        {
          values: (u, splits) => splits.map(yFormat),
          stroke: "#374151",
          grid: { stroke: "#e5e7eb", width: 1 },
          ticks: { show: false },
          size: 52,
          font: "12px system-ui, sans-serif",
        },
      ],
      series,
    };
  }

  return {
    update({ labels: nextLabels, bars, line = null, summary }) {
      labels = nextLabels;
      const x = labels.map((_, i) => i);
      const data = [x, ...bars.map((bar) => bar.values)];
      if (line) data.push(labels.map(() => line.value));
      const nextShape = JSON.stringify([
        labels,
        bars.map((b) => [b.label, b.color]),
        line && [line.label, line.color],
      ]);
      container.setAttribute("role", "img");
      container.setAttribute("aria-label", summary);
      if (plot && nextShape === shape) {
        plot.setData(data);
        return;
      }
      plot?.destroy();
      shape = nextShape;
      plot = new uPlot(options(bars, line), data, container);
    },
    destroy() {
      observer.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}
