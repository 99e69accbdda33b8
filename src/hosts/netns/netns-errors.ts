import { errorTable } from "../../core/errors.js";

/** The netns driver's own error codes. */
export const netnsErrors = errorTable({
  environment: {
    SANDBOX: "an `ip` command that builds the namespaces or veth pair failed",
    NAT_RULES:
      "nft could not load the NAT router's masquerade rules (nftables, or the kernel's nf_tables/NAT)",
  },
});
