import { test } from "vitest";
import { parseScenarioText, defaultScenario } from "../../src/scenario/parse.js";
const show = (t: string) => { try { console.log(JSON.stringify(parseScenarioText(t, "x.yaml"))); } catch (e: any) { console.log(e.constructor.name, e.kind, "\n" + e.message); } };
test("scratch", () => {
show("name: a");
show(`name: Bad_Name
load: { rate: -1, concurrency: 0, rampFrom: 5, duration: 1h, timout: 3s }
clients: [shrt, {kind: pooled, connections: "x"}, {kind: x}, {kind: short, close: later}, 5]
profiles:
  - narow-range
  - name: mine
    client: { sysctls: { "net.ipv4.../../x": 1, "$(touch /tmp/x)": 2, tcp_tw_reuse: "1; rm", ip_local_port_range: "5000 100" }, sourceAddresses: "x" }
  - { name: narrow-range, extends: linux-default }
server: { port: 0, keepaliveTimeout: 1500ms }
sandbox: { driver: docker, subnet: 198.18.0.1/24 }
extra: 1
`);
show(`name: ok
load: { concurrency: 5, ramp: 1s }
clients: [short, short]
profiles: [narrow-range, narrow-range]`);
show("- a\n- b");
show("name: a\nname: b");
show(`name: ok
profiles: [{ name: narrow-range, explanation: x}, linux-default, linux-default]`);
console.log(JSON.stringify(defaultScenario(), null, 1));
});
