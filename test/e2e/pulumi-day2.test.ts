/**
 * Day 2 on the real Pulumi engine and a real kube-apiserver: upgrades across Kubernetes minors, drift, every
 * replacement trigger (provider URL, `--replace`, component rename), namespace renames, the deletion policies,
 * the runtime turned off, several CVM namespaces per cluster and per stack, secrets in the state, previews of a
 * cluster not created yet, and a component rehydrated by URN.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { runCleanupCommand } from "../../lib/cli/sysbox-cleanup";
import { CvmCluster } from "../../lib/kubernetes";
import { CvmStack } from "../../lib/stack";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, pathOf, TypedObject } from "./support/kube";
import { createStack, PulumiEnv } from "./support/pulumi";

type Changes = Record<string, number>;

function kinds(changes: Changes | undefined): string[] {
    return Object.keys(changes ?? {}).sort();
}

describe("day 2 on a real control plane", () => {
    let cp: ControlPlane;
    let kube: Kube;
    const envs: PulumiEnv[] = [];

    // Inline programs run in this process: when a program is refused on purpose (rename, collision, foreign
    // data), the outputs derived from the failed component reject after the run ("error serializing property
    // outputs"); under the Pulumi CLI the language host reports them with the error. Collect them here and
    // check at the end that every one is one of the refusals this file provokes.
    const asyncErrors: unknown[] = [];
    const saved = process.listeners("unhandledRejection");
    before(async () => {
        process.removeAllListeners("unhandledRejection");
        process.on("unhandledRejection", (reason) => asyncErrors.push(reason));
        cp = await startControlPlane();
        kube = new Kube(cp);
    });
    after(async () => {
        process.removeAllListeners("unhandledRejection");
        for (const l of saved) process.on("unhandledRejection", l);
        for (const e of envs) e.cleanup();
        await cp?.stop();
    });

    const exists = async (apiVersion: string, kind: string, ns: string | undefined, name: string) =>
        (await kube.get(pathOf(apiVersion, kind, ns, name))).status === 200;
    const uidOf = async (apiVersion: string, kind: string, ns: string | undefined, name: string) =>
        String((await kube.get<TypedObject>(pathOf(apiVersion, kind, ns, name))).body.metadata.uid);
    const pvc = (namespace: string, name: string): TypedObject => ({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name, namespace },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
    });
    async function topLevel(name: string, cvm: object, extra: Record<string, string> = {}) {
        const env = await createStack(name, {
            "cvmkit:cloud": { value: "existing" },
            "cvmkit:kubeconfig": { value: cp.kubeconfig, secret: true },
            "cvmkit:cvm": { value: JSON.stringify(cvm) },
            ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { value: v }])),
        });
        envs.push(env);
        return env;
    }
    const setCvm = (env: PulumiEnv, cvm: object) =>
        env.stack.setConfig("cvmkit:cvm", { value: JSON.stringify(cvm) });
    async function assertClean(env: PulumiEnv): Promise<void> {
        const preview = await env.stack.preview();
        assert.deepEqual(kinds(preview.changeSummary), ["same"], JSON.stringify(preview));
    }
    const NS = "cvm-day2";
    const installer = () =>
        kube.get<{ spec: { template: { spec: { containers: { image: string }[] } } } }>(
            pathOf("apps/v1", "DaemonSet", "kube-system", "sysbox-deploy-k8s"),
        );

    let main: PulumiEnv;
    let nsUid: string;
    let saUid: string;

    it("upgrades 1.31 → 1.33 → 1.34 → 1.35 with the runtime on: in place, the installer tag follows", async () => {
        main = await topLevel(
            "day2",
            { namespace: NS, sysboxRuntime: { enabled: true } },
            { "cvmkit:kubernetesVersion": "1.31" },
        );
        const first = await main.stack.up();
        assert.equal(first.summary.result, "succeeded");
        nsUid = await uidOf("v1", "Namespace", undefined, NS);
        saUid = await uidOf("v1", "ServiceAccount", NS, "cvm-supervisor");
        assert.match(
            (await installer()).body.spec.template.spec.containers[0]!.image,
            /:v0\.6\.7-0$/,
        );
        for (const [version, tag] of [
            ["1.33", "v0.7.1-0"],
            ["1.34", "v0.7.1-0"],
            ["1.35", "v0.7.1-0"],
        ] as const) {
            await main.stack.setConfig("cvmkit:kubernetesVersion", { value: version });
            const up = await main.stack.up();
            const changes = up.summary.resourceChanges;
            assert.deepEqual(
                kinds(changes).filter((k) => k !== "same" && k !== "update"),
                [],
                `${version}: ${JSON.stringify(changes)}`,
            );
            assert.equal(await uidOf("v1", "Namespace", undefined, NS), nsUid, version);
            assert.equal(await uidOf("v1", "ServiceAccount", NS, "cvm-supervisor"), saUid, version);
            const ns = await kube.get<TypedObject>(pathOf("v1", "Namespace", undefined, NS));
            const labels = ns.body.metadata.labels as Record<string, string>;
            assert.equal(labels["pod-security.kubernetes.io/enforce-version"], `v${version}`);
            assert.ok(
                (await installer()).body.spec.template.spec.containers[0]!.image.endsWith(
                    `:${tag}`,
                ),
            );
            const again = await main.stack.up();
            assert.deepEqual(kinds(again.summary.resourceChanges), ["same"], version);
        }
    });

    it("a label changed by hand (kubectl label): refresh, preview and up agree and take it back", async () => {
        const patch = await kube.request(
            "PATCH",
            `${pathOf("v1", "Namespace", undefined, NS)}?fieldManager=kubectl-label`,
            { metadata: { labels: { "pod-security.kubernetes.io/enforce": "baseline" } } },
            "application/merge-patch+json",
        );
        assert.equal(patch.status, 200);
        await main.stack.refresh();
        const preview = await main.stack.preview();
        assert.equal(preview.changeSummary.update, 1, JSON.stringify(preview.changeSummary));
        const up = await main.stack.up();
        assert.equal(up.summary.resourceChanges?.update, 1);
        const ns = await kube.get<TypedObject>(pathOf("v1", "Namespace", undefined, NS));
        assert.equal(
            (ns.body.metadata.labels as Record<string, string>)[
                "pod-security.kubernetes.io/enforce"
            ],
            "privileged",
        );
        await assertClean(main);
    });

    it("the kubeconfig's URL changes (127.0.0.1 → localhost): no replacement, every object still there", async () => {
        assert.equal((await kube.create(pvc(NS, "home-alice"))).status, 201);
        // The same API server by another name (its serving certificate has no "localhost": verify as "kubernetes").
        const config = JSON.parse(cp.kubeconfig) as {
            clusters: { cluster: Record<string, string> }[];
        };
        const cluster = config.clusters[0]!.cluster;
        cluster.server = cluster.server!.replace("https://127.0.0.1:", "https://localhost:");
        cluster["tls-server-name"] = "kubernetes";
        await main.stack.setConfig("cvmkit:kubeconfig", {
            value: JSON.stringify(config, null, 2),
            secret: true,
        });
        const up = await main.stack.up();
        assert.equal(up.summary.result, "succeeded");
        // CvmStack's provider has a clusterIdentifier: a kubeconfig change is an update of the provider only.
        assert.equal(up.summary.resourceChanges?.replace ?? 0, 0, JSON.stringify(up.summary));
        for (const [v, k, ns, n] of [
            ["v1", "Namespace", undefined, NS],
            ["v1", "ServiceAccount", NS, "cvm-supervisor"],
            ["apps/v1", "DaemonSet", NS, "cvm-image-prepull"],
            ["apps/v1", "DaemonSet", "kube-system", "sysbox-deploy-k8s"],
            ["node.k8s.io/v1", "RuntimeClass", undefined, "sysbox-runc"],
            ["v1", "PersistentVolumeClaim", NS, "home-alice"],
        ] as const) {
            assert.ok(await exists(v, k, ns, n), `${k} ${n} after the provider change`);
        }
        assert.equal(await uidOf("v1", "Namespace", undefined, NS), nsUid);
        await assertClean(main);
    });

    it("pulumi up --replace of every object: deleted before re-created, all there, preview clean", async () => {
        const state = (await main.stack.exportStack()).deployment as {
            resources: { urn: string; type: string }[];
        };
        const urns = state.resources
            .filter((r) => r.type.startsWith("kubernetes:") && !r.type.includes("providers"))
            .map((r) => r.urn);
        assert.ok(urns.length >= 8, urns.join(" "));
        const up = await main.stack.up({ replace: urns });
        assert.equal(up.summary.resourceChanges?.replace, urns.length);
        assert.ok(await exists("v1", "ServiceAccount", NS, "cvm-supervisor"));
        assert.ok(await exists("node.k8s.io/v1", "RuntimeClass", undefined, "sysbox-runc"));
        assert.equal(await uidOf("v1", "Namespace", undefined, NS), nsUid);
        assert.ok(await exists("v1", "PersistentVolumeClaim", NS, "home-alice"));
        await assertClean(main);
    });

    it("a namespace rename is refused at preview, naming both namespaces; keepPreviousNamespace keeps the old one", async () => {
        await setCvm(main, { namespace: "cvm-renamed", sysboxRuntime: { enabled: true } });
        await assert.rejects(main.stack.preview(), (err: Error) => {
            assert.match(
                err.message,
                /namespace would change from cvm-day2 to cvm-renamed; cvm-day2 still exists/,
            );
            assert.match(err.message, /keepPreviousNamespace/);
            return true;
        });
        assert.equal(await exists("v1", "Namespace", undefined, "cvm-renamed"), false);
        await setCvm(main, {
            namespace: "cvm-renamed",
            sysboxRuntime: { enabled: true },
            keepPreviousNamespace: true,
        });
        const up = await main.stack.up();
        assert.equal(up.summary.result, "succeeded");
        assert.ok(await exists("v1", "Namespace", undefined, "cvm-renamed"));
        assert.equal(await uidOf("v1", "Namespace", undefined, NS), nsUid);
        assert.ok(await exists("v1", "PersistentVolumeClaim", NS, "home-alice"));
        assert.equal(await exists("v1", "ServiceAccount", NS, "cvm-supervisor"), false);
        await assertClean(main);
    });

    it("the runtime turned off: installer objects and RuntimeClass removed, namespace untouched", async () => {
        const before = await uidOf("v1", "Namespace", undefined, "cvm-renamed");
        // the node cleanup refuses while the stack's installer and RuntimeClass exist
        const refused = await runCleanupCommand(["--kubeconfig", cp.kubeconfigPath]);
        assert.equal(refused.exitCode, 1, refused.stderr);
        assert.match(
            refused.stderr,
            /installer DaemonSet kube-system\/sysbox-deploy-k8s still exists/,
        );
        assert.match(refused.stderr, /RuntimeClass sysbox-runc still exists/);
        await setCvm(main, { namespace: "cvm-renamed", keepPreviousNamespace: true });
        const steps: string[] = [];
        const up = await main.stack.up({
            onEvent: (e) => {
                const pre = e.resourcePreEvent?.metadata;
                if (pre?.op === "delete") steps.push(`start ${pre.type}`);
                const done = e.resOutputsEvent?.metadata;
                if (done?.op === "delete") steps.push(`done ${done.type}`);
            },
        });
        assert.equal(up.summary.resourceChanges?.delete, 6, JSON.stringify(up.summary));
        // dependents before what they use: the DaemonSet is gone before its ServiceAccount, ConfigMap and
        // RBAC are deleted, the binding before its role
        const at = (step: string) => {
            const i = steps.indexOf(step);
            assert.ok(i >= 0, `${step} in ${steps.join(", ")}`);
            return i;
        };
        for (const used of [
            "core/v1:ServiceAccount",
            "core/v1:ConfigMap",
            "rbac.authorization.k8s.io/v1:ClusterRole",
            "rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        ]) {
            assert.ok(
                at("done kubernetes:apps/v1:DaemonSet") < at(`start kubernetes:${used}`),
                steps.join(", "),
            );
        }
        assert.ok(
            at("done kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding") <
                at("start kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"),
            steps.join(", "),
        );
        // what a Pulumi user runs next: nothing refuses now (this control plane has no Sysbox node to clean)
        const lines: string[] = [];
        const cleanup = await runCleanupCommand(["--kubeconfig", cp.kubeconfigPath], (l) =>
            lines.push(l),
        );
        assert.equal(cleanup.exitCode, 0, cleanup.stderr);
        assert.ok(
            lines.some((l) => /nothing to clean, nothing applied/.test(l)),
            lines.join("\n"),
        );
        for (const [v, k, ns, n] of [
            ["apps/v1", "DaemonSet", "kube-system", "sysbox-deploy-k8s"],
            ["v1", "ConfigMap", "kube-system", "sysbox-operational-attributes"],
            ["v1", "ServiceAccount", "kube-system", "sysbox-label-node"],
            ["rbac.authorization.k8s.io/v1", "ClusterRole", undefined, "sysbox-node-labeler"],
            [
                "rbac.authorization.k8s.io/v1",
                "ClusterRoleBinding",
                undefined,
                "sysbox-label-node-rb",
            ],
            ["node.k8s.io/v1", "RuntimeClass", undefined, "sysbox-runc"],
        ] as const) {
            assert.equal(await exists(v, k, ns, n), false, `${k} ${n} removed`);
        }
        assert.equal(await uidOf("v1", "Namespace", undefined, "cvm-renamed"), before);
        await assertClean(main);
    });

    it('policy "delete" refuses while a foreign PVC is there and names it; with force, destroy deletes', async () => {
        assert.equal((await kube.create(pvc("cvm-renamed", "home-bob"))).status, 201);
        await setCvm(main, {
            namespace: "cvm-renamed",
            keepPreviousNamespace: true,
            namespaceDeletionPolicy: "delete",
        });
        await assert.rejects(
            main.stack.preview(),
            /holds 1 object\(s\) cvmkit did not create: pvc\/home-bob/,
        );
        await setCvm(main, {
            namespace: "cvm-renamed",
            keepPreviousNamespace: true,
            namespaceDeletionPolicy: "delete",
            forceNamespaceDeletion: true,
        });
        assert.equal((await main.stack.up()).summary.result, "succeeded");
        assert.equal((await main.stack.destroy()).summary.result, "succeeded");
        await kube.waitFor(
            "the namespace to be deleted",
            async () => !(await exists("v1", "Namespace", undefined, "cvm-renamed")),
        );
        // The previous namespace, retained by its own policy, is still there with its PVC.
        assert.ok(await exists("v1", "PersistentVolumeClaim", NS, "home-alice"));
    });

    it("two CVM namespaces in one stack; removing one leaves the other intact; two runtimes are refused", async () => {
        let names = ["ws-a", "ws-b"];
        let runtimeIn = "ws-a";
        const env = await createStack("multi", {}, async () => {
            const provider = new k8s.Provider("k8s", { kubeconfig: pulumi.secret(cp.kubeconfig) });
            for (const ns of names) {
                new CvmCluster(
                    ns,
                    {
                        kubernetesVersion: "1.35",
                        namespace: ns,
                        kubeconfig: cp.kubeconfig,
                        sysboxRuntime: { enabled: ns === runtimeIn },
                    },
                    { provider },
                );
            }
        });
        envs.push(env);
        assert.equal((await env.stack.up()).summary.result, "succeeded");
        assert.ok(await exists("v1", "ServiceAccount", "ws-b", "cvm-supervisor"));
        // Both with the runtime: refused before anything is registered.
        const runtimeBoth = createStack("multi-both", {}, async () => {
            const provider = new k8s.Provider("k8s", { kubeconfig: pulumi.secret(cp.kubeconfig) });
            for (const ns of ["ws-c", "ws-d"]) {
                new CvmCluster(
                    ns,
                    { kubernetesVersion: "1.35", namespace: ns, sysboxRuntime: { enabled: true } },
                    { provider },
                );
            }
        });
        const bothEnv = await runtimeBoth;
        envs.push(bothEnv);
        await assert.rejects(
            bothEnv.stack.preview(),
            /CvmCluster "ws-d" declares objects that CvmCluster "ws-c" of this program already declares.*sysboxRuntime on in one CvmCluster per cluster/s,
        );
        // Remove ws-b (the runtime stays with ws-a).
        names = ["ws-a"];
        runtimeIn = "ws-a";
        assert.equal((await env.stack.up()).summary.result, "succeeded");
        assert.equal(await exists("v1", "ServiceAccount", "ws-b", "cvm-supervisor"), false);
        assert.ok(await exists("v1", "ServiceAccount", "ws-a", "cvm-supervisor"));
        assert.ok(await exists("node.k8s.io/v1", "RuntimeClass", undefined, "sysbox-runc"));
        assert.ok(await exists("apps/v1", "DaemonSet", "kube-system", "sysbox-deploy-k8s"));
        await assertClean(env);
    });

    it("two stacks on one cluster: the second runtime is a clear collision; destroying the second leaves the first", async () => {
        const other = await topLevel(
            "other",
            { namespace: "ws-other", sysboxRuntime: { enabled: true } },
            { "cvmkit:kubernetesVersion": "1.35" },
        );
        await assert.rejects(other.stack.preview(), (err: Error) => {
            assert.match(
                err.message,
                /RuntimeClass sysbox-runc is owned by cvmkit\/multi\/ws-a \(annotation cvmkit.dev\/owner\), not by cvmkit\/other\/cvmkit/,
            );
            return true;
        });
        await setCvm(other, { namespace: "ws-other" });
        assert.equal((await other.stack.up()).summary.result, "succeeded");
        assert.equal((await other.stack.destroy()).summary.result, "succeeded");
        assert.ok(await exists("node.k8s.io/v1", "RuntimeClass", undefined, "sysbox-runc"));
        assert.ok(await exists("v1", "ServiceAccount", "ws-a", "cvm-supervisor"));
    });

    it("a component renamed without an alias is refused; with the alias it takes over; a replaced provider re-creates all", async () => {
        let name = "first";
        let aliases: pulumi.Input<pulumi.Alias>[] = [];
        let kubeconfig = cp.kubeconfig;
        const env = await createStack("rename", {}, async () => {
            const provider = new k8s.Provider("k8s", { kubeconfig: pulumi.secret(kubeconfig) });
            new CvmCluster(
                name,
                { kubernetesVersion: "1.35", namespace: "ws-rename", kubeconfig },
                { provider, aliases },
            );
        });
        envs.push(env);
        assert.equal((await env.stack.up()).summary.result, "succeeded");
        const uid = await uidOf("v1", "Namespace", undefined, "ws-rename");
        name = "second";
        await assert.rejects(
            env.stack.preview(),
            /Namespace ws-rename is owned by cvmkit\/rename\/first .*add that name to the component's `aliases`/s,
        );
        aliases = [{ name: "first" }];
        assert.equal((await env.stack.up()).summary.result, "succeeded");
        assert.ok(await exists("v1", "ServiceAccount", "ws-rename", "cvm-supervisor"));
        await assertClean(env);
        // A provider without clusterIdentifier, pointed at the same cluster by another URL: the engine replaces
        // every object; deleteBeforeReplace re-creates each one, the retained namespace is adopted.
        const config = JSON.parse(cp.kubeconfig) as {
            clusters: { cluster: Record<string, string> }[];
        };
        const cluster = config.clusters[0]!.cluster;
        cluster.server = cluster.server!.replace("https://127.0.0.1:", "https://localhost:");
        cluster["tls-server-name"] = "kubernetes";
        kubeconfig = JSON.stringify(config);
        const replaced = await env.stack.up();
        assert.ok(
            (replaced.summary.resourceChanges?.replace ?? 0) >= 5,
            JSON.stringify(replaced.summary),
        );
        for (const [v, k, ns, n] of [
            ["v1", "ServiceAccount", "ws-rename", "cvm-supervisor"],
            ["apps/v1", "DaemonSet", "ws-rename", "cvm-image-prepull"],
            [
                "admissionregistration.k8s.io/v1",
                "ValidatingAdmissionPolicy",
                undefined,
                "cvmkit-ws-rename-privileged-allowlist",
            ],
            [
                "admissionregistration.k8s.io/v1",
                "ValidatingAdmissionPolicyBinding",
                undefined,
                "cvmkit-ws-rename-privileged-allowlist",
            ],
        ] as const) {
            assert.ok(await exists(v, k, ns, n), `${k} ${n} after the provider replacement`);
        }
        assert.equal(await uidOf("v1", "Namespace", undefined, "ws-rename"), uid);
        await assertClean(env);
    });

    it("a plain-string kubeconfig never reaches the state in clear; a component rehydrated by URN has its outputs", async () => {
        const rehydrate: { urn?: string } = {};
        const env = await createStack("secrets", {}, async () => {
            const stack = new CvmStack("st", {
                cloud: "existing",
                kubeconfig: cp.kubeconfig,
                cvm: { namespace: "ws-secret-a" },
            });
            // The caller's own provider: its secrecy is the caller's business.
            const provider = new k8s.Provider("k8s", { kubeconfig: pulumi.secret(cp.kubeconfig) });
            const cvm = new CvmCluster(
                "plain",
                { namespace: "ws-secret-b", kubeconfig: cp.kubeconfig },
                { provider },
            );
            // Looked up by URN once the component is registered in this deployment (the engine's getResource).
            const read = rehydrate.urn
                ? pulumi.all([cvm.urn, cvm.namespace]).apply(async () => {
                      // registerOutputs of the component is an RPC of its own: let it land.
                      await new Promise((r) => setTimeout(r, 1500));
                      return new CvmCluster("plain-read", {}, { urn: rehydrate.urn });
                  })
                : undefined;
            return {
                urn: cvm.urn,
                namespace: stack.namespace,
                ...(read
                    ? {
                          readNamespace: read.apply((r) => r.namespace),
                          readServiceAccount: read.apply((r) => r.serviceAccountName),
                          readVersion: read.apply((r) => r.kubernetesVersion),
                      }
                    : {}),
            };
        });
        envs.push(env);
        const up = await env.stack.up();
        assert.equal(up.summary.result, "succeeded");
        // What the backend stores (Automation's exportStack decrypts secrets: read the state files themselves).
        const files = (fs.readdirSync(env.dir, { recursive: true }) as string[])
            .map((f) => path.join(env.dir, f))
            .filter((f) => f.endsWith(".json") && fs.statSync(f).isFile());
        assert.ok(
            files.some((f) => f.endsWith(path.join("stacks", "cvmkit", "secrets.json"))),
            files.join(" "),
        );
        assert.ok(cp.token.length > 10);
        const leaking = files.filter((f) => fs.readFileSync(f, "utf8").includes(cp.token));
        assert.deepEqual(leaking, [], "state files with the bearer token in clear");
        // …and the state does hold the kubeconfigs, encrypted.
        const state = fs.readFileSync(
            files.find((f) => f.endsWith(path.join("stacks", "cvmkit", "secrets.json")))!,
            "utf8",
        );
        assert.ok(state.includes("4dabf18193072939515e22adb298388d"), "secrets in the state");
        rehydrate.urn = String(up.outputs.urn?.value);
        const read = await env.stack.up();
        assert.equal(read.outputs.readNamespace?.value, "ws-secret-b");
        assert.equal(read.outputs.readServiceAccount?.value, "cvm-supervisor");
        assert.equal(read.outputs.readVersion?.value, "1.35");
        assert.deepEqual(kinds(read.summary.resourceChanges), ["same"]);
    });

    it("preview with a kubeconfig not known yet and no kubernetesVersion fails fast, naming kubernetesVersion", async () => {
        const env = await createStack("unknown", {}, async () => {
            // As the kubeconfig of a cluster this program creates: unknown at preview.
            const kubeconfig = pulumi.runtime.isDryRun()
                ? pulumi.output(pulumi.unknown as unknown as string)
                : pulumi.output(cp.kubeconfig);
            new CvmCluster("later", { kubeconfig, namespace: "ws-later" });
        });
        envs.push(env);
        const started = Date.now();
        await assert.rejects(
            env.stack.preview(),
            /kubernetesVersion: kubernetesVersion was not given and the kubeconfig is not known yet/,
        );
        assert.ok(Date.now() - started < 30_000, `${Date.now() - started} ms`);
    });

    it("every asynchronous error of the runs is one of the refusals provoked above", async () => {
        await new Promise((r) => setTimeout(r, 500));
        const expected =
            /would change from cvm-day2 to cvm-renamed|cvmkit did not create: pvc\/home-bob|is owned by cvmkit\/(multi\/ws-a|rename\/first)|already declares|kubeconfig is not known yet/;
        for (const reason of asyncErrors) {
            assert.match(String((reason as Error)?.message ?? reason), expected);
        }
    });
});
