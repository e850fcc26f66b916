/**
 * cvmkit from another Pulumi language, on the real engine: the Pulumi YAML example (examples/yaml) run by
 * the real `pulumi` CLI with the real `pulumi-language-yaml` host (both built by scripts/toolchain.sh),
 * the cvmkit component provider run as the executable plugin `provider/pulumi-resource-cvmkit`, and the real
 * Kubernetes provider, against a local kube-apiserver + controller manager. `up` creates exactly the objects
 * the TypeScript `CvmCluster` creates for the same settings (compared through the API with a TypeScript
 * stack in a second namespace, and with renderManifests), a second `up` changes nothing, a bad input fails
 * with cvmkit's field/value/fix message before anything is created, and `destroy` retains the namespace.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { KubernetesObject, renderManifests } from "../../lib";
import { CvmCluster } from "../../lib/kubernetes";
import { Provider } from "@pulumi/kubernetes/provider";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, pathOf, TypedObject } from "./support/kube";
import { managed } from "./support/managed";
import { createStack, PulumiEnv } from "./support/pulumi";
import { REPO, YamlProject, yamlProject } from "./support/pulumi-cli";

const EXAMPLE = path.join(REPO, "examples", "yaml");
/** The CvmCluster properties of the YAML example (the TypeScript stack gets the same, in another namespace). */
function exampleProperties(): Record<string, unknown> {
    const program = parse(
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("node:fs").readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8"),
    ) as { resources: { cvm: { properties: Record<string, unknown> } } };
    const rest = { ...program.resources.cvm.properties };
    delete rest.kubeconfig;
    return rest;
}

describe("cvmkit from Pulumi YAML through the component provider", () => {
    let cp: ControlPlane;
    let kube: Kube;
    let yaml: YamlProject;
    let ts: PulumiEnv;
    const kubeconfigYaml = (): string => stringify(JSON.parse(cp.kubeconfig));

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        yaml = await yamlProject(EXAMPLE, "e2e");
        const set = await yaml.run(["config", "set", "--secret", "kubeconfig", kubeconfigYaml()]);
        assert.equal(set.code, 0, set.stderr);
    });

    after(async () => {
        yaml?.cleanup();
        ts?.cleanup();
        await cp?.stop();
    });

    it("a bad input fails with cvmkit's field/value/fix message, before anything is created (provider from packages:)", async () => {
        const bad = await yamlProject(EXAMPLE, "bad", (p) => {
            p.resources!.cvm!.properties!.namespace = "Not_A_Name";
            // the provider named the other way a Pulumi.yaml can: `packages:` (what `pulumi package add`
            // records), instead of `plugins.providers`
            delete p.plugins;
            p.packages = { cvmkit: path.join(REPO, "provider") };
        });
        try {
            const set = await bad.run([
                "config",
                "set",
                "--secret",
                "kubeconfig",
                kubeconfigYaml(),
            ]);
            assert.equal(set.code, 0, set.stderr);
            const up = await bad.run(["up", "--yes", "--skip-preview"]);
            const text = up.stdout + up.stderr;
            assert.notEqual(up.code, 0, text);
            assert.match(
                text,
                /property namespace with value "Not_A_Name" has a problem: namespace: not a valid namespace name .*\(got "Not_A_Name"\)\. Fix: /,
            );
            assert.equal((await kube.get("/api/v1/namespaces/Not_A_Name")).status, 404);
        } finally {
            bad.cleanup();
        }
    });

    let yamlObjects: Record<string, unknown>;

    it("up creates the objects the TypeScript CvmCluster creates, kubeconfig kept secret", async () => {
        const up = await yaml.run(["up", "--yes", "--skip-preview"]);
        assert.equal(up.code, 0, up.stdout + up.stderr);
        const out = await yaml.run(["stack", "output", "--json"]);
        const outputs = JSON.parse(out.stdout) as Record<string, unknown>;
        assert.equal(outputs.namespace, "cvm-workspaces");
        assert.equal(outputs.kubernetesVersion, "1.35");
        assert.equal(outputs.supervisorImage, "ghcr.io/coder/envbox:0.6.7");
        assert.deepEqual(outputs.tolerations, [
            { key: "cvmkit.dev/cvm-node", operator: "Equal", value: "true", effect: "NoSchedule" },
        ]);
        // the kubeconfig is in the state only encrypted
        const state = await yaml.run(["stack", "export"]);
        assert.equal(state.code, 0, state.stderr);
        assert.ok(!state.stdout.includes(cp.token), "the kubeconfig's token is not in the state");

        // what renderManifests renders for these settings is live
        const rendered = renderManifests({ kubernetesVersion: "1.35", ...exampleProperties() });
        for (const o of rendered.objects as readonly KubernetesObject[]) {
            const res = await kube.get<TypedObject>(
                pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name),
            );
            assert.equal(res.status, 200, `${o.kind}/${o.metadata.name}`);
        }

        // the same settings through the TypeScript component, in another namespace
        const props = { ...exampleProperties(), namespace: "cvm-ts" };
        ts = await createStack("multilang-ts", {}, async () => {
            const provider = new Provider("k8s", { kubeconfig: cp.kubeconfig });
            const cvm = new CvmCluster(
                "cvm",
                { ...(props as object), kubeconfig: cp.kubeconfig },
                { provider },
            );
            return { namespace: cvm.namespace };
        });
        const tsUp = await ts.stack.up();
        assert.equal(tsUp.summary.result, "succeeded");
        yamlObjects = await managed(kube, "cvm-workspaces");
        assert.ok(Object.keys(yamlObjects).length >= rendered.objects.length);
        assert.deepEqual(yamlObjects, await managed(kube, "cvm-ts"));
    });

    it("a second up changes nothing", async () => {
        const up = await yaml.run(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        assert.equal(up.code, 0, up.stdout + up.stderr);
        assert.match(up.stdout, /\d+ unchanged/);
        assert.doesNotMatch(up.stdout, /[+~-] \d+ (created|updated|deleted|replaced)/);
    });

    it("destroy retains the namespace (the default deletion policy) and removes the rest", async () => {
        const down = await yaml.run(["destroy", "--yes", "--skip-preview"]);
        assert.equal(down.code, 0, down.stdout + down.stderr);
        assert.deepEqual(Object.keys(await managed(kube, "cvm-workspaces")), ["namespaces/NS"]);
        assert.equal((await kube.get("/api/v1/namespaces/cvm-workspaces")).status, 200);
        // the TypeScript stack's objects are untouched
        assert.deepEqual(await managed(kube, "cvm-ts"), yamlObjects);
        assert.equal((await ts.stack.destroy()).summary.result, "succeeded");
    });
});
