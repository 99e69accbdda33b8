import { existsSync } from "node:fs";
import { join } from "node:path";
import { environmentError } from "../../core/errors.js";
import { CommandFailedError, runCommand } from "../../core/exec-file.js";
import { packageRoot } from "../../core/package-root.js";
import { dockerErrors } from "./docker-errors.js";

/** The images the docker driver runs; built from this package's Dockerfiles on first use. */
export const PORTLAB_IMAGE = "portlab:latest";
export const NGINX_IMAGE = "portlab-nginx:latest";
/** Where the portlab image keeps the built agent (see the Dockerfile). */
export const IMAGE_AGENT = "/opt/portlab/dist/agent/main.js";
/** nginx's prefix inside the nginx image: the rendered config is copied there. */
export const IMAGE_NGINX_PREFIX = "/run/portlab";

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

function buildFailed(what: string, error: unknown): Error {
  const detail =
    error instanceof CommandFailedError
      ? error.stderr.trim().split("\n").slice(-6).join("\n")
      : String(error);
  return dockerErrors.environment(
    "DOCKER_IMAGE",
    `cannot build ${what}:\n${detail}`,
    "where no registry answers, seed the base images first: bash docker/seed-base-images.sh",
    error,
  );
}

/**
 * Makes sure the engine has images that match this portlab. In a checkout, docker/build-images.sh rebuilds an
 * image whose sources changed (a stale agent would speak an older protocol) and is cheap when nothing did;
 * elsewhere a missing image is built from the package's Dockerfiles (a build may take minutes).
 */
export async function ensureImages(log: (line: string) => void): Promise<void> {
  const script = join(packageRoot, "docker", "build-images.sh");
  if (existsSync(script) && existsSync(join(packageRoot, "src"))) {
    try {
      await runCommand("bash", [script], 30 * 60_000);
    } catch (error) {
      throw buildFailed("portlab's images (docker/build-images.sh)", error);
    }
    return;
  }
  for (const image of [PORTLAB_IMAGE, NGINX_IMAGE]) await ensureImage(image, log);
}

/** Builds the image when the engine does not have it yet. */
export async function ensureImage(image: string, log: (line: string) => void): Promise<void> {
  if (await imageExists(image)) return;
  log(`building ${image} (first use)`);
  try {
    await runCommand("docker", ["build", "-t", image, buildContext(image)], 15 * 60_000);
  } catch (error) {
    throw buildFailed(image, error);
  }
}
