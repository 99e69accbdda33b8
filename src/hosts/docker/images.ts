import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { environmentError } from "../../errors.js";
import { CommandFailedError, runCommand } from "../../sandbox/run-command.js";

/** The images the docker driver runs; built from this package's Dockerfiles on first use. */
export const PORTLAB_IMAGE = "portlab:latest";
export const NGINX_IMAGE = "portlab-nginx:latest";
/** Where the portlab image keeps the built agent (see the Dockerfile). */
export const IMAGE_AGENT = "/opt/portlab/dist/agent/main.js";
/** nginx's prefix inside the nginx image: the rendered config is copied there. */
export const IMAGE_NGINX_PREFIX = "/run/portlab";

const packageRoot = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));

/** Build context of each image: the repository root for portlab, docker/nginx for nginx. */
function buildContext(image: string): string {
  return image === PORTLAB_IMAGE ? packageRoot : join(packageRoot, "docker", "nginx");
}

export async function imageExists(image: string): Promise<boolean> {
  return runCommand("docker", ["image", "inspect", "--format", "{{.Id}}", image], 15_000).then(
    () => true,
    () => false,
  );
}

/** Builds the image when the engine does not have it yet (a build may take minutes: base images, npm ci). */
export async function ensureImage(image: string, log: (line: string) => void): Promise<void> {
  if (await imageExists(image)) return;
  log(`building ${image} (first use)`);
  try {
    await runCommand("docker", ["build", "-t", image, buildContext(image)], 15 * 60_000);
  } catch (error) {
    const detail =
      error instanceof CommandFailedError
        ? error.stderr.trim().split("\n").slice(-6).join("\n")
        : String(error);
    throw environmentError(
      "DOCKER_IMAGE",
      `cannot build ${image}:\n${detail}`,
      "where no registry answers, seed the base images first: bash docker/seed-base-images.sh",
      error,
    );
  }
}
