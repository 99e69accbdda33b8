import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";

/** A validator of a published JSON Schema (docs/schema/): null when valid, else its errors on one line. */
export function publishedValidator(path: string): (value: unknown) => string | null {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(path, "utf8")),
  );
  return (value) =>
    validate(value)
      ? null
      : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`).join("; ");
}
