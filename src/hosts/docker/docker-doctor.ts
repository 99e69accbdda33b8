import type { Check } from "../../core/check.js";
import { inContainer, SOCKET_MOUNT } from "../../core/in-container.js";
import { type EngineState, engineState } from "./docker-engine.js";
import { imageExists, NGINX_IMAGE, PORTLAB_IMAGE } from "./images.js";

const BASE_IMAGES = ["debian:bookworm-slim", "node:24-bookworm-slim"];

function note(name: string, ok: boolean, detail: string, fix: string | null): Check {
  return { name, ok, required: false, detail, fix, aptPackage: null };
}

/** The engine line of `portlab doctor`: answers (where), installed but not running, or not installed. */
export function engineCheck(state: EngineState): Check {
  const container = inContainer();
  if (state.kind === "answers") {
    const where = container ? ", reached from inside this container" : "";
    return note("docker", true, `engine ${state.version} (${state.os}) at ${state.endpoint}${where}`, null);
  }
  if (container)
    return note(
      "docker",
      false,
      `no engine answers this container (${process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock"})`,
      `mount the engine's socket: docker run ${SOCKET_MOUNT} … (Docker Desktop's socket is the same path)`,
    );
  const cli = state.cli === null ? "no docker CLI" : `the docker CLI at ${state.cli} is only a client`;
  if (state.kind === "not-running")
    return note(
      "docker",
      false,
      `engine installed (${state.dockerd}), not running; ${cli}`,
      "portlab doctor --fix docker (starts dockerd), or start Docker your usual way (systemctl start docker)",
    );
  return note(
    "docker",
    false,
    `no engine installed (no dockerd); ${cli}`,
    "portlab doctor --fix docker (installs Debian's docker.io and starts dockerd), or install Docker Engine / Docker Desktop",
  );
}

/**
 * The docker driver's needs, for `portlab doctor`: an engine that answers, the base images the Dockerfiles
 * start from, and portlab's own two images (built on first use). Optional: the netns driver needs none of it.
 */
export async function dockerChecks(state?: EngineState): Promise<Check[]> {
  const engine = state ?? (await engineState());
  if (engine.kind !== "answers") return [engineCheck(engine)];
  const checks = [engineCheck(engine)];
  for (const image of BASE_IMAGES) {
    const present = await imageExists(image);
    checks.push(
      note(
        image,
        present,
        present ? "present" : "absent: docker build pulls it",
        present ? null : "without a registry: bash docker/seed-base-images.sh",
      ),
    );
  }
  for (const image of [PORTLAB_IMAGE, NGINX_IMAGE]) {
    const present = await imageExists(image);
    checks.push(
      note(
        image,
        present,
        present ? "present" : "absent: built on first use of --driver docker",
        present ? null : "bash docker/build-images.sh",
      ),
    );
  }
  return checks;
}
