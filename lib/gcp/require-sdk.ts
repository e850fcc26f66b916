import { missingPeerSdkMessage } from "../compat/peer-sdks";

/**
 * Loaded first by `cvmkit/gcp`: fails with a message naming the missing optional peer dependency
 * (@pulumi/gcp) instead of Node's bare "Cannot find module".
 */
try {
    require.resolve("@pulumi/gcp/package.json");
} catch {
    throw new Error(missingPeerSdkMessage("gcp"));
}
