import { readFileSync } from "node:fs";
import { packagePath } from "./package-root.js";

export const PORTLAB_VERSION: string = (
  JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }
).version;
