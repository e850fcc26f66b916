import { missingPeerSdkMessage } from "../compat/peer-sdks";

/**
 * Loaded first by `cvmkit/azure`: fails with a message naming the missing optional peer dependency
 * (@pulumi/azure-native) instead of Node's bare "Cannot find module".
 */
try {
    require.resolve("@pulumi/azure-native/package.json");
} catch {
    throw new Error(missingPeerSdkMessage("azure"));
}
