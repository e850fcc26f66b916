/**
 * The Day-2 memory of the node pools (`lib/kubernetes/node-rolls.ts`) on the real Pulumi engine: the node-roll
 * warning appears in the preview of exactly the change that rolls the nodes (and not for a new pool, an
 * unchanged pool, a setting the cloud applies in place, a change made and undone before any up, or the preview
 * after the roll was applied), and `sysbox-install=yes` stays on a pool whose runtime is turned off unless
 * `keepSysboxInstallLabel: false` drops it. The mocks cannot show this: under mocks every run is a first run.
 * Needs only the Pulumi CLI of the toolchain (the builtin `pulumi:index:Stash`, no cloud, no cluster).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { stickySysboxLabel, trackNodeRolls } from "../../lib/kubernetes/node-rolls";
import { toolchainDir } from "./support/pulumi";

/** What the next run's pool looks like. */
let pool = {
    instanceTypes: ["m6i.xlarge"],
    labels: { team: "a" },
    diskSizeGiB: 100,
    runtime: true,
    keep: true,
};

class Pool extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Pool", name, {});
        const label = stickySysboxLabel(name, pool.runtime, pool.keep, this);
        const rolls = trackNodeRolls(
            name,
            "aws",
            // labels roll nothing on EKS (node group labels): no sentinel for them
            { labels: pool.labels, machineType: pool.instanceTypes, disk: pool.diskSizeGiB },
            this,
            [],
            "eks.amazonaws.com/nodegroup=cvm",
        );
        this.registerOutputs({ label, rolls });
        this.label = label;
    }
    public readonly label: pulumi.Output<boolean>;
}

function program(): Promise<Record<string, unknown>> {
    const p = new Pool("cvm");
    return Promise.resolve({ sysboxInstall: p.label });
}

describe("node-roll warnings and the sticky sysbox-install label on the real Pulumi engine", () => {
    let stack: Stack;
    let dir: string;

    before(async () => {
        const pulumiBin = path.join(toolchainDir(), "bin", "pulumi");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-node-rolls-"));
        fs.mkdirSync(path.join(dir, "state"));
        const command = await PulumiCommand.get({
            root: path.dirname(path.dirname(fs.realpathSync(pulumiBin))),
            skipVersionCheck: true,
        });
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "rolls", projectName: "cvmkit-node-rolls", program },
            {
                workDir: dir,
                pulumiCommand: command,
                pulumiHome: process.env.PULUMI_HOME ?? path.join(toolchainDir(), "pulumi-home"),
                projectSettings: {
                    name: "cvmkit-node-rolls",
                    runtime: "nodejs",
                    backend: { url: `file://${dir}/state` },
                },
                envVars: {
                    PULUMI_BACKEND_URL: `file://${dir}/state`,
                    PULUMI_CONFIG_PASSPHRASE: "cvmkit-e2e",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
                },
                secretsProvider: "passphrase",
            },
        );
    });
    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** The roll warnings of a preview of the current `pool`. */
    async function previewWarnings(): Promise<string[]> {
        let log = "";
        await stack.preview({ onOutput: (out) => (log += out) });
        // each warning shows twice: beside its resource and under Diagnostics
        return [...new Set([...log.matchAll(/nodePool\.(\w+) changes to/g)].map((m) => m[1]!))];
    }

    it("warns in the preview of exactly the change that rolls the nodes", async () => {
        assert.deepEqual(await previewWarnings(), [], "a new pool: nothing rolls");
        let up = await stack.up();
        assert.equal(up.outputs["sysboxInstall"]!.value, true);
        assert.deepEqual(await previewWarnings(), [], "unchanged");

        pool = { ...pool, labels: { team: "b" } };
        assert.deepEqual(await previewWarnings(), [], "labels change in place");

        pool = { ...pool, instanceTypes: ["m6i.2xlarge"] };
        assert.deepEqual(await previewWarnings(), ["instanceTypes"]);
        pool = { ...pool, instanceTypes: ["m6i.xlarge"] };
        assert.deepEqual(await previewWarnings(), [], "changed and undone before any up");

        pool = { ...pool, instanceTypes: ["m6i.2xlarge"], diskSizeGiB: 200 };
        let log = "";
        await stack.preview({ onOutput: (out) => (log += out) });
        assert.match(
            log,
            /nodePool\.instanceTypes changes to \["m6i\.2xlarge"\]: the pool is replaced/,
        );
        assert.match(log, /nodePool\.diskSizeGiB changes to 200: every node is replaced/);
        assert.match(log, /kubectl cordon -l eks\.amazonaws\.com\/nodegroup=cvm/);

        up = await stack.up();
        assert.deepEqual(await previewWarnings(), [], "after the up that rolled: no warning");
    });

    it("keeps sysbox-install=yes when the runtime is turned off, drops it only when asked", async () => {
        pool = { ...pool, runtime: false };
        let up = await stack.up();
        assert.equal(up.outputs["sysboxInstall"]!.value, true, "runtime off: the label stays");
        up = await stack.up();
        assert.equal(up.outputs["sysboxInstall"]!.value, true, "and stays on the next up");
        assert.equal(up.summary.resourceChanges?.["replace"] ?? 0, 0);

        pool = { ...pool, keep: false };
        up = await stack.up();
        assert.equal(up.outputs["sysboxInstall"]!.value, false, "keepSysboxInstallLabel false");

        pool = { ...pool, keep: true };
        up = await stack.up();
        assert.equal(
            up.outputs["sysboxInstall"]!.value,
            false,
            "a dropped label does not come back",
        );

        pool = { ...pool, runtime: true };
        up = await stack.up();
        assert.equal(up.outputs["sysboxInstall"]!.value, true, "runtime on again: the label");
    });
});
