/** What the page draws: plain data the browser script turns into uPlot charts (no functions, JSON-safe). */

export interface SeriesSpec {
  readonly label: string;
  readonly color: string;
  /** One value per x; null where nothing was recorded that second (drawn as a gap). */
  readonly values: readonly (number | null)[];
  readonly dash?: boolean;
}

/** A vertical line across the chart: where ports ran out, and where the model said they would. */
export interface MarkerSpec {
  readonly atSeconds: number;
  readonly label: string;
  readonly color: string;
  readonly dash: boolean;
}

export interface ChartSpec {
  /** Unique in the page (the test and the DOM find charts by it). */
  readonly id: string;
  readonly title: string;
  /** The y axis label. */
  readonly unit: string;
  /** Seconds since the load started; each second t covers (t-1, t]. */
  readonly x: readonly number[];
  readonly series: readonly SeriesSpec[];
  readonly markers: readonly MarkerSpec[];
}

/** Kernel parameters read back in the hosts, one row per name. */
export interface ParameterRow {
  readonly name: string;
  readonly client: string;
  readonly server: string;
}

export interface RunPanel {
  readonly index: number;
  readonly profile: string;
  readonly client: string;
  readonly explanation: string;
  readonly status: "ran" | "unavailable" | "interrupted";
  /** One line in words: when ports ran out, and the model's prediction. */
  readonly verdict: string;
  readonly predictionReason: string | null;
  readonly charts: readonly ChartSpec[];
  readonly parameters: readonly ParameterRow[];
}

export interface ReportModel {
  readonly title: string;
  readonly scenario: string;
  readonly kernel: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly interrupted: boolean;
  readonly portlab: string;
  /** The comparison table as the terminal shows it, plus each profile's explanation. */
  readonly table: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
  readonly overlay: ChartSpec | null;
  readonly runs: readonly RunPanel[];
  /** Every chart's x axis spans [0, maxSeconds], so runs line up. */
  readonly maxSeconds: number;
  /** Sample lines that could not be read (a torn last line after a kill). */
  readonly skippedSamples: number;
}
