import type uPlot from "uplot";
import type { ChartSpec, ReportModel } from "./chart-spec.js";

/** What the page exposes for inspection (and the browser test): each chart's id, spec and uPlot instance. */
export interface DrawnChart {
  readonly id: string;
  readonly spec: ChartSpec;
  readonly plot: uPlot;
}

/**
 * Runs IN THE PAGE: report.html inlines this function's source text and calls it with the embedded model and
 * the inlined uPlot, so it must stay self-contained (no imports at run time, no module-level helpers).
 * Every `.chart[data-chart-id]` element gets one uPlot chart; all share one x range and one cursor.
 */
export function drawReport(model: ReportModel, UPlot: typeof uPlot): DrawnChart[] {
  const specs = new Map<string, ChartSpec>();
  if (model.overlay) specs.set(model.overlay.id, model.overlay);
  for (const run of model.runs) for (const chart of run.charts) specs.set(chart.id, chart);
  const drawn: DrawnChart[] = [];

  const markerPlugin = (spec: ChartSpec): uPlot.Plugin => ({
    hooks: {
      draw: [
        (plot: uPlot) => {
          const ctx = plot.ctx;
          const ratio = window.devicePixelRatio || 1;
          const { left, top, width, height } = plot.bbox;
          ctx.save();
          ctx.font = `${11 * ratio}px sans-serif`;
          ctx.textBaseline = "alphabetic";
          spec.markers.forEach((marker, index) => {
            const x = Math.round(plot.valToPos(marker.atSeconds, "x", true));
            ctx.strokeStyle = marker.color;
            ctx.fillStyle = marker.color;
            ctx.lineWidth = 2 * ratio;
            ctx.setLineDash(marker.dash ? [5 * ratio, 4 * ratio] : []);
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            // Labels sit right of their line, or left of it near the right edge; stacked so two never overlap.
            const room = left + width - x > ctx.measureText(marker.label).width + 8 * ratio;
            ctx.textAlign = room ? "left" : "right";
            ctx.fillText(marker.label, x + (room ? 4 : -4) * ratio, top + (12 + 13 * index) * ratio);
          });
          ctx.restore();
        },
      ],
    },
  });

  for (const element of Array.from(document.querySelectorAll<HTMLElement>(".chart[data-chart-id]"))) {
    const spec = specs.get(element.dataset.chartId ?? "");
    if (!spec) continue;
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: spec.id === "overlay" ? 300 : 220,
      cursor: { sync: { key: "portlab" } },
      scales: {
        x: { time: false, range: [0, model.maxSeconds] },
        y: { range: (_plot, _min, max) => [0, max > 0 ? Math.ceil(max * 1.1) : 1] },
      },
      axes: [
        { label: "seconds since the load started", labelSize: 20 },
        { label: spec.unit, labelSize: 20, size: 60 },
      ],
      series: [
        { label: "second" },
        ...spec.series.map((series) => ({
          label: series.label,
          stroke: series.color,
          width: 2,
          dash: series.dash ? [6, 4] : undefined,
          spanGaps: false,
          points: { show: spec.x.length <= 20, size: 5 },
        })),
      ],
      plugins: [markerPlugin(spec)],
    };
    const data = [spec.x, ...spec.series.map((series) => series.values)] as unknown as uPlot.AlignedData;
    drawn.push({ id: spec.id, spec, plot: new UPlot(options, data, element) });
  }

  window.addEventListener("resize", () => {
    for (const chart of drawn) {
      const parent = chart.plot.root.parentElement;
      if (parent) chart.plot.setSize({ width: Math.max(320, parent.clientWidth), height: chart.plot.height });
    }
  });
  return drawn;
}
