/**
 * `CvmStack` and the cloud pools from Pulumi YAML, on the real engine: examples/yaml-stack (a `CvmStack` with
 * `cloud: existing`, and a ConfigMap deployed with the stack's `provider` output) run by the real `pulumi` CLI
 * and `pulumi-language-yaml` host with the cvmkit plugin against a local kube-apiserver. `up` creates exactly
 * the objects the TypeScript `CvmStack` creates for the same settings (compared through the API), the
 * provider output is a working Kubernetes provider, the kubeconfig output stays secret, a second `up` changes
 * nothing and `destroy` retains the namespace. Bad inputs of the stack and of each cloud pool fail with
 * cvmkit's field/value/fix message before anything is created (no cloud plugin is needed for that: the
 * components refuse them before registering a cloud resource).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { CvmStack } from "../../lib/stack";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube } from "./support/kube";
import { managed } from "./support/managed";
import { createStack, PulumiEnv } from "./support/pulumi";
import { REPO, YamlProgram, YamlProject, yamlProject } from "./support/pulumi-cli";

const EXAMPLE = path.join(REPO, "examples", "yaml-stack");

/** The CvmStack properties of the example, without the kubeconfig. */
function stackProperties(): Record<string, unknown> {
    const program = parse(
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("node:fs").readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8"),
    ) as { resources: { stack: { properties: Record<string, unknown> } } };
    const rest = { ...program.resources.stack.properties };
    delete rest.kubeconfig;
    return rest;
}

describe("CvmStack and the cloud pools from Pulumi YAML through the component provider", () => {
    let cp: ControlPlane;
    let kube: Kube;
    let yaml: YamlProject;
    let ts: PulumiEnv | undefined;
    const kubeconfigYaml = (): string => stringify(JSON.parse(cp.kubeconfig));

    const withKubeconfig = async (p: YamlProject): Promise<YamlProject> => {
        const set = await p.run(["config", "set", "--secret", "kubeconfig", kubeconfigYaml()]);
        assert.equal(set.code, 0, set.stderr);
        return p;
    };

    /** Runs `up` on the example changed by `edit`; returns the output of the failed update. */
    const failingUp = async (edit: (p: YamlProgram) => void): Promise<string> => {
        const bad = await withKubeconfig(await yamlProject(EXAMPLE, "bad", edit));
        try {
            const up = await bad.run(["up", "--yes", "--skip-preview"]);
            const text = up.stdout + up.stderr;
            assert.notEqual(up.code, 0, text);
            const state = JSON.parse((await bad.run(["stack", "export"])).stdout) as {
                deployment: { resources?: { type: string }[] };
            };
            const types = (state.deployment.resources ?? []).map((r) => r.type);
            assert.deepEqual(
                types.filter((t) => !t.startsWith("pulumi:")),
                [],
                `nothing but the stack and providers is in the state: ${types.join(", ")}`,
            );
            return text;
        } finally {
            bad.cleanup();
        }
    };

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        yaml = await withKubeconfig(await yamlProject(EXAMPLE, "e2e"));
    });

    after(async () => {
        yaml?.cleanup();
        ts?.cleanup();
        await cp?.stop();
    });

    it("a key of another cloud is refused with the stack's message, the kubeconfig not shown", async () => {
        const text = await failingUp((p) => {
            const stack = p.resources!.stack!;
            stack.properties = { ...stack.properties, cloud: "aws" };
        });
        assert.match(
            text,
            /kubeconfig: is not a setting of a "aws" stack \(got a value not shown: it is a credential\)\. Fix: remove it; a "aws" stack takes cloud, cluster, nodePool, cvm/,
        );
        assert.ok(!text.includes(cp.token), "the kubeconfig's token is not in the output");
        assert.equal((await kube.get("/api/v1/namespaces/cvm-workspaces")).status, 404);
    });

    const pools: [string, Record<string, unknown>, RegExp][] = [
        [
            "cvmkit:aws:SysboxNodeGroup",
            {
                cluster: {
                    clusterName: "lab",
                    endpoint: "https://lab.example",
                    certificateAuthorityData: "Y2E=",
                    kubernetesVersion: "1.33",
                },
                instanceTypes: ["t3.small"],
            },
            /instanceTypes\[0\]: .*\(got "t3\.small"\)\. Fix: /,
        ],
        [
            "cvmkit:gcp:SysboxNodePool",
            {
                cluster: {
                    clusterName: "lab",
                    location: "europe-west1-b",
                    kubernetesVersion: "1.33",
                },
                imageType: "COS_CONTAINERD",
            },
            /imageType: .*\(got "COS_CONTAINERD"\)\. Fix: /,
        ],
        [
            "cvmkit:azure:SysboxNodePool",
            {
                cluster: { clusterName: "lab", resourceGroupName: "rg", kubernetesVersion: "1.33" },
                vmSize: "Standard_B2s",
            },
            /vmSize: .*\(got "Standard_B2s"\)\. Fix: /,
        ],
    ];
    for (const [type, properties, message] of pools) {
        it(`${type}: a bad input fails with cvmkit's message before any cloud resource`, async () => {
            const text = await failingUp((p) => {
                p.resources = { pool: { type, properties } };
                p.outputs = {};
            });
            assert.match(text, message);
        });
    }

    let yamlObjects: Record<string, unknown>;

    it("up creates the objects the TypeScript CvmStack creates; the provider output deploys workspaces", async () => {
        const up = await yaml.run(["up", "--yes", "--skip-preview"]);
        assert.equal(up.code, 0, up.stdout + up.stderr);
        const out = await yaml.run(["stack", "output", "--json"]);
        const outputs = JSON.parse(out.stdout) as Record<string, unknown>;
        assert.equal(outputs.clusterName, "lab");
        assert.equal(outputs.namespace, "cvm-workspaces");
        assert.equal(outputs.kubernetesVersion, "1.35");
        assert.equal(outputs.supervisorImage, "ghcr.io/coder/envbox:0.6.7");
        assert.equal(outputs.kubeconfig, "[secret]");
        const state = await yaml.run(["stack", "export"]);
        assert.ok(!state.stdout.includes(cp.token), "the kubeconfig's token is not in the state");

        // the ConfigMap created with `provider: ${stack.provider}` is live, in the stack's namespace
        const cm = await kube.get<{ data: Record<string, string> }>(
            "/api/v1/namespaces/cvm-workspaces/configmaps/workspace-settings",
        );
        assert.equal(cm.status, 200);
        assert.deepEqual(cm.body.data, { serviceAccountName: "cvm-supervisor" });

        // the same settings through the TypeScript CvmStack, in another namespace
        const props = stackProperties() as { cvm: Record<string, unknown> };
        ts = await createStack("multilang-stack-ts", {}, async () => {
            const stack = new CvmStack("stack", {
                ...(props as object),
                cloud: "existing",
                kubeconfig: cp.kubeconfig,
                cvm: { ...props.cvm, namespace: "cvm-ts" },
            });
            return { namespace: stack.namespace };
        });
        const tsUp = await ts.stack.up();
        assert.equal(tsUp.summary.result, "succeeded");
        yamlObjects = await managed(kube, "cvm-workspaces");
        assert.ok(Object.keys(yamlObjects).length > 5);
        assert.deepEqual(yamlObjects, await managed(kube, "cvm-ts"));
    });

    it("a second up changes nothing", async () => {
        const up = await yaml.run(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        assert.equal(up.code, 0, up.stdout + up.stderr);
        assert.match(up.stdout, /\d+ unchanged/);
    });

    it("destroy retains the namespace and removes the rest", async () => {
        const down = await yaml.run(["destroy", "--yes", "--skip-preview"]);
        assert.equal(down.code, 0, down.stdout + down.stderr);
        assert.deepEqual(Object.keys(await managed(kube, "cvm-workspaces")), ["namespaces/NS"]);
        assert.deepEqual(await managed(kube, "cvm-ts"), yamlObjects);
        assert.equal((await ts!.stack.destroy()).summary.result, "succeeded");
    });
});
