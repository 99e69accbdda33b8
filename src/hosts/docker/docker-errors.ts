import { errorTable } from "../../core/errors.js";

/** The docker driver's own error codes. */
export const dockerErrors = errorTable({
  environment: {
    DOCKER_ENGINE: "no Docker engine answers (docker driver)",
    DOCKER: "a docker command failed (docker driver)",
    DOCKER_NETWORK: "the run's Docker network could not be made on its subnet",
    DOCKER_SUBNET:
      "sandbox.subnet overlaps a route or an address this machine has (docker driver); nothing was created",
    DOCKER_IMAGE: "an image the docker driver needs could not be built",
    CLIENT_IMAGE_MISSING:
      "a command client's image (clients[].image) is not in the engine: build or pull it first; nothing was created",
  },
});
