import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { packageRoot } from "../../src/core/package-root.js";
import { generatedFiles } from "./generated-files.js";

/** `npm run docs`: writes every generated file (the JSON Schemas, the reference pages) from the code. */
for (const file of generatedFiles()) {
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.text);
  process.stdout.write(`wrote ${relative(packageRoot, file.path)}\n`);
}
