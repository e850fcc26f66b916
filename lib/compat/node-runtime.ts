/**
 * The oldest Node.js cvmkit runs on. `@kubernetes/client-node` 2 (the doctor, and `CvmCluster`/`CvmStack`
 * when they read `/version`) is built on undici 8, whose `engines` say `>=22.19.0`; on Node 20 it fails
 * deep inside undici with "Cannot read properties of undefined (reading 'bind')". `package.json` `engines`
 * states the same minimum (checked by a unit test).
 */
export const MIN_NODE_VERSION = "22.19.0";

/** The error for a Node.js older than {@link MIN_NODE_VERSION}. */
export class UnsupportedNodeError extends Error {
    /** The running Node.js version, e.g. `20.20.2`. */
    public readonly found: string;
    constructor(found: string) {
        super(
            `cvmkit needs Node ≥ ${MIN_NODE_VERSION} (found ${found}). Fix: run it with Node ${MIN_NODE_VERSION} or newer (e.g. \`nvm install 22\`, or the Node of your CI image)`,
        );
        this.name = "UnsupportedNodeError";
        this.found = found;
    }
}

/** True when `version` (`x.y.z`, with or without a leading `v`) is at least {@link MIN_NODE_VERSION}. Pure. */
export function isSupportedNode(version: string): boolean {
    const parse = (v: string) =>
        v
            .replace(/^v/, "")
            .split(".")
            .map((p) => parseInt(p, 10) || 0);
    const have = parse(version);
    const need = parse(MIN_NODE_VERSION);
    for (let i = 0; i < need.length; i++) {
        const h = have[i] ?? 0;
        const n = need[i]!;
        if (h !== n) return h > n;
    }
    return true;
}

/** Throws {@link UnsupportedNodeError} when the running Node.js is older than {@link MIN_NODE_VERSION}. */
export function assertSupportedNode(version: string = process.versions.node): void {
    if (!isSupportedNode(version)) throw new UnsupportedNodeError(version);
}
