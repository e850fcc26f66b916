/**
 * The cloud SDKs the cloud shells load at run time: optional peer dependencies of cvmkit, with the ranges the
 * tests run against (`package.json` `peerDependencies` carries the same ranges). Pure data.
 */

/** The cloud shells and the SDK each needs. */
export const CLOUD_PEER_SDKS = {
    aws: { entry: "cvmkit/aws", package: "@pulumi/aws", range: "^7.48.0" },
    gcp: { entry: "cvmkit/gcp", package: "@pulumi/gcp", range: "^9.37.0" },
    azure: { entry: "cvmkit/azure", package: "@pulumi/azure-native", range: "^3.28.0" },
} as const;

/** One of the cloud shells. */
export type PeerSdkCloud = keyof typeof CLOUD_PEER_SDKS;

/** The message for a cloud shell loaded without its SDK. */
export function missingPeerSdkMessage(cloud: PeerSdkCloud): string {
    const sdk = CLOUD_PEER_SDKS[cloud];
    return (
        `${sdk.entry} needs ${sdk.package}, an optional peer dependency of cvmkit that is not installed. ` +
        `Fix: npm install ${sdk.package}@"${sdk.range}" (the range cvmkit is tested with), ` +
        `next to @pulumi/pulumi.`
    );
}
