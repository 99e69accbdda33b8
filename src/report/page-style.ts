/** The page's own stylesheet (uPlot's is inlined beside it): readable on screen and in a screenshot. */
export const pageStyle = `
:root { color-scheme: light; --ink: #1d2125; --muted: #5b6670; --line: #d8dde2; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #fff; max-width: 1500px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 6px; }
.meta, .muted { color: var(--muted); }
.banner { border: 1px solid var(--bad); color: var(--bad); padding: 8px 12px; margin: 12px 0; border-radius: 4px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; }
table.comparison td:not(:last-child) { white-space: nowrap; font-variant-numeric: tabular-nums; }
.run { border-top: 2px solid var(--line); margin-top: 28px; }
.run h2 { margin-top: 16px; }
.verdict { font-weight: 600; margin: 4px 0; }
.verdict.exhausted { color: var(--bad); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 8px 24px; }
figure { margin: 0; min-width: 0; }
figcaption { font-weight: 600; margin: 8px 0 2px; }
.chart { width: 100%; min-height: 40px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--muted); }
.help li { margin: 2px 0; }
`;
