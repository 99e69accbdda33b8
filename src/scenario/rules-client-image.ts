import { isCommandClient, type Scenario } from "../core/scenario.js";
import { joinOr } from "./client-kinds.js";
import type { Drivers } from "./driver-capabilities.js";
import type { ScenarioIssue } from "./issues.js";

/**
 * A command client names its program (`run`), its own image (`image`), or both. An image needs a driver that
 * runs one; strace cannot follow a program in another container (it runs in portlab's), so errors: strace is
 * refused with one.
 */
export function clientImageIssues(scenario: Scenario, drivers: Drivers): ScenarioIssue[] {
  const name = scenario.sandbox.driver;
  const driver = drivers.named(name);
  return scenario.clients.flatMap((client, index): ScenarioIssue[] => {
    if (!isCommandClient(client)) return [];
    const path = ["clients", index];
    if (client.image === null && client.argv.length === 0)
      return [
        {
          path: [...path, "run"],
          message:
            "must be a list of program and arguments such as [java, -jar, loadtest.jar] (or give image: my-loadtest:latest under the docker driver)",
        },
      ];
    if (client.image === null) return [];
    if (driver !== undefined && !driver.clientImages) {
      const able = drivers.runningClientImages();
      return [
        {
          path: [...path, "image"],
          message: `runs your client as a container: it needs sandbox.driver ${joinOr(able)} (--driver ${able[0]}), not ${name}; under ${name} give run: [...] without image`,
        },
      ];
    }
    if (client.errors === "strace")
      return [
        {
          path: [...path, "errors"],
          message:
            "strace is not available for a client image (the program runs in its own container, strace in portlab's); leave errors out (the free ports and the program's log show exhaustion), or run the program under the netns driver with run: [...]",
        },
      ];
    return [];
  });
}
