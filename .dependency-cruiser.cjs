// The layer rule `npm test` runs: src/ is a stack of folders, and a folder imports only from the folders below it
// (this list, bottom first). No cycles, between folders or files. tools/ and test/ sit on top and may import any.
const layers = [
  "core",
  "kernel",
  "metrics",
  "scenario",
  "sampler",
  "clients",
  "server",
  "hosts",
  "agent",
  "engine",
  "results",
  "report",
  "inspect",
  "cli",
];

/** Each layer may not import the layers above it. */
const upward = layers.slice(0, -1).map((layer, index) => ({
  name: `${layer}-imports-upward`,
  comment: `src/${layer}/ imports only from ${layers.slice(0, index).join(", ") || "nothing else in src"}`,
  severity: "error",
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${layers.slice(index + 1).join("|")})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "no-cycle",
      comment: "no import cycle between files (and so none between folders)",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "src-imports-src-only",
      comment: "shipped code never imports tests or tools",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|tools)/" },
    },
    {
      name: "only-known-layers",
      comment: "every folder of src/ is a layer of the list in .dependency-cruiser.cjs",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/", pathNot: `^src/(${layers.join("|")})/` },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
