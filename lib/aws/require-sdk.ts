import { missingPeerSdkMessage } from "../compat/peer-sdks";

/**
 * Loaded first by `cvmkit/aws`: fails with a message naming the missing optional peer dependency
 * (@pulumi/aws) instead of Node's bare "Cannot find module".
 */
try {
    require.resolve("@pulumi/aws/package.json");
} catch {
    throw new Error(missingPeerSdkMessage("aws"));
}
