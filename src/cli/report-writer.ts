import { writeReport } from "../report/write-report.js";

/**
 * report.html from the files the run left in its directory (also an interrupted run's), once they are written. A
 * failure to write it is said through `onError`, never fatal to the run; resolves with its path, or null.
 */
export function writeRunReport(directory: string, onError: (error: unknown) => void): Promise<string | null> {
  return writeReport(directory).catch((error: unknown) => {
    onError(error);
    return null;
  });
}
