import type { Check } from "../../sandbox/environment-checks.js";
import { findTool } from "../../sandbox/find-tool.js";
import { runCommand } from "../../sandbox/run-command.js";
import { imageExists, NGINX_IMAGE, PORTLAB_IMAGE } from "./images.js";

const BASE_IMAGES = ["debian:bookworm-slim", "node:24-bookworm-slim"];

function note(name: string, ok: boolean, detail: string, fix: string | null): Check {
  return { name, ok, required: false, detail, fix, aptPackage: null };
}

/**
 * The docker driver's needs, for `portlab doctor`: an engine that answers, the base images the Dockerfiles
 * start from, and portlab's own two images (built on first use). Optional: the netns driver needs none of it.
 */
export async function dockerChecks(): Promise<Check[]> {
  if (!findTool("docker"))
    return [
      note(
        "docker",
        false,
        "no docker CLI (only the docker driver needs it)",
        "apt-get install docker.io, or install Docker Desktop",
      ),
    ];
  const version = await runCommand("docker", ["version", "--format", "{{.Server.Version}}"], 10_000).then(
    (result) => result.stdout.trim(),
    () => null,
  );
  if (version === null)
    return [
      note(
        "docker",
        false,
        "the docker CLI is here but no engine answers",
        "start Docker Desktop, or dockerd as root",
      ),
    ];
  const checks = [note("docker", true, `engine ${version}`, null)];
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
