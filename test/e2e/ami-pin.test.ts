/**
 * The EKS AMI pin (`pinImage`, behind `SysboxNodeGroup` without `amiId`) on the real Pulumi engine: a new image
 * under the same SSM parameter does not change the pinned image, a new parameter keeps it and warns with the
 * command that moves on, and `pulumi up --replace <stash>` moves to the current image. The mocks cannot show
 * this: under mocks every run is a first run. Needs only the Pulumi CLI of the toolchain (no cloud, no cluster).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { pinImage } from "../../lib/aws/ami-pin";
import { toolchainDir } from "./support/pulumi";

/** What the next run's "SSM lookup" returns. */
let lookup = { parameter: "/aws/service/canonical/ubuntu/eks/22.04/1.33/x", imageId: "ami-1" };

function program(): Promise<Record<string, unknown>> {
    const { amiId, stash } = pinImage(
        "cvm-ami",
        pulumi.output(lookup.parameter),
        pulumi.output(lookup.imageId),
    );
    return Promise.resolve({ amiId, stashUrn: stash.urn });
}

describe("the EKS AMI pin on the real Pulumi engine", () => {
    let stack: Stack;
    let dir: string;

    before(async () => {
        const pulumiBin = path.join(toolchainDir(), "bin", "pulumi");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-ami-pin-"));
        fs.mkdirSync(path.join(dir, "state"));
        const command = await PulumiCommand.get({
            root: path.dirname(path.dirname(fs.realpathSync(pulumiBin))),
            skipVersionCheck: true,
        });
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "pin", projectName: "cvmkit-ami-pin", program },
            {
                workDir: dir,
                pulumiCommand: command,
                pulumiHome: process.env.PULUMI_HOME ?? path.join(toolchainDir(), "pulumi-home"),
                projectSettings: {
                    name: "cvmkit-ami-pin",
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

    it("keeps the first image across Canonical releases and moves only on --replace", async () => {
        let up = await stack.up();
        assert.equal(up.outputs["amiId"]!.value, "ami-1", "first run: the looked-up image");

        lookup = { ...lookup, imageId: "ami-2" };
        up = await stack.up();
        assert.equal(up.outputs["amiId"]!.value, "ami-1", "a new release does not move the pin");
        assert.equal(up.summary.resourceChanges?.["replace"] ?? 0, 0);

        lookup = { parameter: "/aws/service/canonical/ubuntu/eks/22.04/1.34/x", imageId: "ami-3" };
        let log = "";
        up = await stack.up({ onOutput: (out) => (log += out) });
        assert.equal(up.outputs["amiId"]!.value, "ami-1", "a new parameter keeps the pin too");
        const urn = String(up.outputs["stashUrn"]!.value);
        assert.match(
            log,
            /the nodes keep ami-1 \(\/aws\/service\/canonical\/ubuntu\/eks\/22\.04\/1\.33\/x\)/,
        );
        assert.ok(log.includes(`pulumi up --replace '${urn}'`), log);

        up = await stack.up({ replace: [urn] });
        assert.equal(up.outputs["amiId"]!.value, "ami-3", "--replace moves to the current image");
    });
});
