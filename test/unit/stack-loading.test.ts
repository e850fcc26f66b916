/**
 * Choosing one cloud loads no other cloud SDK: each case runs in a fresh Node process that builds a CvmStack
 * under mocks and reports which `@pulumi/*` cloud packages ended up in `require.cache`.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { CLOUD_PEER_SDKS } from "../../lib/compat";
import { describe, it } from "node:test";

const BUILD = path.resolve(__dirname, "..", "..");
const REPO = path.resolve(BUILD, "..");

interface Loaded {
    readonly afterImport: string[];
    readonly afterBuild: string[];
    readonly roots: string[];
    readonly types: string[];
}

function run(args: unknown): Loaded {
    const script = `
const path = require("node:path");
const clouds = () => {
    const keys = Object.keys(require.cache);
    return ["aws", "gcp", "azure-native"].filter((c) => keys.some((k) => k.includes(path.join("node_modules", "@pulumi", c) + path.sep)));
};
(async () => {
    const { installMocks, settle } = require(${JSON.stringify(path.join(BUILD, "test", "unit", "stack-mocks.js"))});
    const rec = await installMocks();
    const { CvmStack } = require(${JSON.stringify(path.join(BUILD, "lib", "stack"))});
    const afterImport = clouds();
    new CvmStack("s", ${JSON.stringify(args)});
    await settle(rec);
    const roots = ["aws", "gcp", "azure-native"].filter((c) =>
        Object.keys(require.cache).includes(path.join(${JSON.stringify(REPO)}, "node_modules", "@pulumi", c, "index.js")));
    process.stdout.write(JSON.stringify({ afterImport, afterBuild: clouds(), roots, types: [...new Set(rec.resources.map((r) => r.type))] }));
})().catch((e) => { console.error(e); process.exit(1); });
`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" });
    return JSON.parse(out) as Loaded;
}

describe("CvmStack loads only the chosen cloud's SDK", () => {
    const cases: [string, unknown, string[]][] = [
        [
            "aws",
            { cloud: "aws", cluster: { kubernetesVersion: "1.33", subnetIds: ["a", "b"] } },
            ["aws"],
        ],
        [
            "gcp",
            { cloud: "gcp", cluster: { kubernetesVersion: "1.33", location: "eu-west1-b" } },
            ["gcp"],
        ],
        [
            "azure",
            { cloud: "azure", cluster: { resourceGroupName: "rg", kubernetesVersion: "1.33" } },
            ["azure-native"],
        ],
        ["existing", { cloud: "existing", kubernetesVersion: "1.33", kubeconfig: "x" }, []],
    ];
    for (const [cloud, args, expected] of cases) {
        it(cloud, () => {
            const loaded = run(args);
            assert.deepEqual(loaded.afterImport, [], "importing cvmkit/stack loads no cloud SDK");
            assert.deepEqual(loaded.afterBuild, expected);
            assert.deepEqual(loaded.roots, [], "never the package root, only submodules");
            assert.ok(
                loaded.types.includes("cvmkit:kubernetes:CvmCluster"),
                loaded.types.join(", "),
            );
        });
    }
});

describe("cloud SDKs are optional peer dependencies with the tested ranges", () => {
    it("package.json declares each cloud SDK as an optional peer, and the installed SDK satisfies it", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
            peerDependencies: Record<string, string>;
            peerDependenciesMeta: Record<string, { optional?: boolean }>;
            devDependencies: Record<string, string>;
        };
        for (const sdk of Object.values(CLOUD_PEER_SDKS)) {
            assert.equal(pkg.peerDependencies[sdk.package], sdk.range, sdk.package);
            assert.equal(pkg.peerDependenciesMeta[sdk.package]?.optional, true, sdk.package);
            assert.equal(pkg.devDependencies[sdk.package], sdk.range, `${sdk.package} is tested`);
            const installed = (
                JSON.parse(
                    fs.readFileSync(
                        path.join(REPO, "node_modules", ...sdk.package.split("/"), "package.json"),
                        "utf8",
                    ),
                ) as { version: string }
            ).version;
            assert.ok(semver.satisfies(installed, sdk.range), `${sdk.package}@${installed}`);
        }
    });
});
