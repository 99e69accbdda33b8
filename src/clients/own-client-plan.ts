import type * as z from "zod";
import type { ConnectionPattern } from "../core/connection.js";
import type { ClientSpec } from "../core/scenario.js";
import { predictRun } from "../kernel/model.js";
import type {
  ClientEntrySchema,
  ClientKindPlan,
  ClientLabelFields,
  ClientSummaryFields,
  FlagKey,
} from "../scenario/client-kind.js";

/** What one of portlab's own client kinds says of itself; the rest is the same for all of them. */
export interface OwnClientKind<Client extends ClientSpec, Entry extends ClientEntrySchema> {
  readonly kind: Client["kind"];
  /** Its mapping in a scenario's clients, `nofile` included. */
  entry: ClientKindPlan<Client, Entry>["entry"];
  /** Its validated mapping with the defaults filled in, but for `nofile`. */
  normalise(raw: z.output<Entry>): Omit<Client, "nofile">;
  /** The keys of its mapping that flags write, but for `nofile`. */
  readonly flagKeys: readonly FlagKey[];
  /** How it uses ports, as the model sees it. */
  pattern(client: Client): ConnectionPattern;
  /** Its close mode and pool size in summary.json (null where it has none). */
  summary(client: Client): Pick<ClientSummaryFields, "closeMode" | "connections">;
  /** Its label in tables, but for the open-file limit. */
  label(fields: ClientLabelFields): string;
  readonly variants?: readonly string[];
  variant?(client: Client): string | null;
}

/**
 * A kind of portlab's own client: a scenario may list it by name, --nofile sets its worker's open-file limit,
 * the client worker runs it (`--load`) and reports each failure, the model predicts it from how it uses ports,
 * and its summary and label name its open-file limit (`short/leak nofile=1024`).
 */
export function ownClientKind<Client extends ClientSpec, Entry extends ClientEntrySchema>(
  own: OwnClientKind<Client, Entry>,
): ClientKindPlan<Client, Entry> {
  return {
    kind: own.kind,
    shorthand: true,
    entry: own.entry,
    normalise: (raw) =>
      ({
        ...own.normalise(raw),
        ...("nofile" in raw && raw.nofile !== undefined ? { nofile: raw.nofile } : {}),
      }) as Client,
    flagKeys: [...own.flagKeys, "nofile"],
    variants: own.variants ?? [],
    variant: (client) => own.variant?.(client) ?? null,
    agent: "--load",
    errors: () => "reported",
    predict: (input, client) => ({
      prediction: predictRun({ ...input, client: own.pattern(client) }),
      noPredictionReason: null,
    }),
    summaryFields: (client) => ({ client: own.kind, ...own.summary(client), nofile: client.nofile ?? null }),
    label: (fields) => {
      const base = own.label(fields);
      return fields.nofile === undefined || fields.nofile === null ? base : `${base} nofile=${fields.nofile}`;
    },
  };
}
