/**
 * The node cleanup objects against upstream's `sysbox-uninstall.yaml` (nestybox/sysbox @ 27cb713f, the
 * v0.7.0 manifest; field values copied below), the image/tag/namespace/toleration rules shared with the
 * installer, the config errors, `cvmkit render --sysbox-cleanup`, the `sysbox-cleanup` command's options, and
 * the Pulumi components' refusal.
 */
import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { ClusterRole, ClusterRoleBinding } from "kubernetes-types/rbac/v1";
import { CvmConfig, CvmkitConfigError, KubernetesObject, renderManifests } from "../../lib";
import { main } from "../../lib/cli/main";
import { nodeCleanupState } from "../../lib/doctor/sysbox-cleanup";
import type * as Kube from "../../lib/kubernetes";
import { installRecordingMocks, Recorder } from "../support/pulumi-mocks";

// upstream sysbox-uninstall.yaml: name, hostPath.path, mountPath
const UPSTREAM_VOLUMES: [string, string, string][] = [
    ["host-etc", "/etc", "/mnt/host/etc"],
    ["host-osrelease", "/etc/os-release", "/mnt/host/os-release"],
    ["host-dbus", "/var/run/dbus", "/var/run/dbus"],
    ["host-run-systemd", "/run/systemd", "/run/systemd"],
    ["host-lib-systemd", "/lib/systemd/system", "/mnt/host/lib/systemd/system"],
    ["host-etc-systemd", "/etc/systemd/system", "/mnt/host/etc/systemd/system"],
    ["host-usr-bin", "/usr/bin", "/mnt/host/usr/bin"],
    ["host-opt-bin", "/opt/bin", "/mnt/host/opt/bin"],
    ["host-usr-local-bin", "/usr/local/bin", "/mnt/host/usr/local/bin"],
    ["host-opt-local-bin", "/opt/local/bin/", "/mnt/host/opt/local/bin"],
    ["host-run", "/run", "/mnt/host/run"],
    ["host-var-lib", "/var/lib", "/mnt/host/var/lib"],
];

const cleanupOf = (config: CvmConfig) =>
    renderManifests({
        ...config,
        sysboxRuntime: { ...config.sysboxRuntime, cleanupNodes: true },
    }).objects.filter(
        (o) => o.metadata.labels?.["app.kubernetes.io/component"] === "sysbox-cleanup",
    );
const installerOf = (config: CvmConfig) =>
    renderManifests({ ...config, sysboxRuntime: { ...config.sysboxRuntime, enabled: true } })
        .objects;
const find = <T>(objects: readonly KubernetesObject[], kind: string) =>
    objects.find((o) => o.kind === kind) as unknown as T & KubernetesObject;

describe("sysboxRuntime.cleanupNodes renders upstream's sysbox-uninstall.yaml", () => {
    const config: CvmConfig = { kubernetesVersion: "1.35" };
    const objects = cleanupOf(config);

    it("the same ServiceAccount and ClusterRoleBinding, the ClusterRole with the nodes rule only, the DaemonSet; in apply order", () => {
        assert.deepEqual(
            objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`),
            [
                "ServiceAccount/kube-system/sysbox-label-node",
                "ClusterRole//sysbox-node-labeler",
                "ClusterRoleBinding//sysbox-label-node-rb",
                "DaemonSet/kube-system/sysbox-cleanup-k8s",
            ],
        );
        assert.deepEqual(find<ClusterRole>(objects, "ClusterRole").rules, [
            { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
        ]);
        const binding = find<ClusterRoleBinding>(objects, "ClusterRoleBinding");
        assert.deepEqual(binding.roleRef, {
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: "sysbox-node-labeler",
        });
        assert.deepEqual(binding.subjects, [
            { kind: "ServiceAccount", name: "sysbox-label-node", namespace: "kube-system" },
        ]);
    });

    it("the DaemonSet has upstream's selector, node selector, toleration, container, command, env and volumes", () => {
        const ds = find<DaemonSet>(objects, "DaemonSet");
        const spec = ds.spec!.template.spec!;
        assert.deepEqual(ds.spec!.selector.matchLabels, { "sysbox-install": "yes" });
        assert.equal(ds.spec!.template.metadata!.labels!["sysbox-install"], "yes");
        assert.deepEqual(ds.spec!.updateStrategy, {
            type: "RollingUpdate",
            rollingUpdate: { maxUnavailable: 1 },
        });
        assert.equal(spec.serviceAccountName, "sysbox-label-node");
        assert.deepEqual(spec.nodeSelector, { "sysbox-runtime": "running" });
        assert.deepEqual(spec.tolerations, [
            {
                key: "sysbox-runtime",
                operator: "Equal",
                value: "not-running",
                effect: "NoSchedule",
            },
        ]);
        assert.equal(spec.containers.length, 1);
        const c = spec.containers[0]!;
        assert.equal(c.name, "sysbox-cleanup-k8s");
        assert.deepEqual(c.command, [
            "bash",
            "-c",
            "/opt/sysbox/scripts/sysbox-deploy-k8s.sh ce cleanup",
        ]);
        assert.deepEqual(c.env, [
            { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        ]);
        assert.deepEqual(c.securityContext, { privileged: true });
        assert.equal(
            c.readinessProbe,
            undefined,
            "upstream has no probe; the pod sleeps when done",
        );
        assert.deepEqual(
            spec.volumes!.map((v) => [v.name, v.hostPath!.path]),
            UPSTREAM_VOLUMES.map(([n, p]) => [n, p]),
        );
        assert.deepEqual(
            c.volumeMounts!.map((m) => [m.name, m.mountPath]),
            UPSTREAM_VOLUMES.map(([n, , m]) => [n, m]),
        );
        for (const k of ["hostPID", "hostNetwork", "hostIPC", "initContainers"] as const) {
            assert.equal(spec[k], undefined, k);
        }
    });

    it("no installer, no ConfigMap and no RuntimeClass are rendered with it", () => {
        const all = renderManifests({ ...config, sysboxRuntime: { cleanupNodes: true } });
        assert.equal(all.runtimeClassName, undefined);
        assert.ok(!all.objects.some((o) => o.kind === "RuntimeClass"));
        assert.ok(!all.objects.some((o) => o.metadata.name === "sysbox-deploy-k8s"));
        assert.ok(!all.objects.some((o) => o.metadata.name === "sysbox-operational-attributes"));
        assert.equal(all.sysboxPodTemplate, undefined);
    });

    it("image, pull policy, namespace and tolerations are the installer's, for each minor and setting", () => {
        const cases: CvmConfig[] = [
            { kubernetesVersion: "1.29" },
            { kubernetesVersion: "1.31" },
            { kubernetesVersion: "1.35" },
            { kubernetesVersion: "1.31", sysboxRuntime: { installerTag: "v0.6.6-0" } },
            {
                kubernetesVersion: "1.33",
                sysboxRuntime: {
                    installerRepository:
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sysbox-deploy-k8s",
                    installerNamespace: "sysbox",
                },
                tolerations: [
                    {
                        key: "cvmkit.dev/cvm-node",
                        operator: "Equal",
                        value: "true",
                        effect: "NoSchedule",
                    },
                ],
            },
        ];
        for (const c of cases) {
            const installer = find<DaemonSet>(installerOf(c), "DaemonSet") as DaemonSet &
                KubernetesObject;
            const inst = installerOf(c).find(
                (o) => o.metadata.name === "sysbox-deploy-k8s",
            ) as unknown as DaemonSet & KubernetesObject;
            assert.ok(installer);
            const cleanup = find<DaemonSet>(cleanupOf(c), "DaemonSet");
            const a = inst.spec!.template.spec!;
            const b = cleanup.spec!.template.spec!;
            const what = JSON.stringify(c);
            assert.equal(b.containers[0]!.image, a.containers[0]!.image, what);
            assert.equal(b.containers[0]!.imagePullPolicy, a.containers[0]!.imagePullPolicy, what);
            assert.equal(cleanup.metadata.namespace, inst.metadata.namespace, what);
            assert.deepEqual(b.tolerations, a.tolerations, what);
        }
    });

    it("refuses cleanupNodes with the runtime on, and a value that is not a boolean", () => {
        const cases: [unknown, unknown, RegExp][] = [
            [true, true, /removes Sysbox from the nodes/],
            [undefined, "yes", /must be true or false/],
        ];
        for (const [enabled, cleanupNodes, reason] of cases) {
            assert.throws(
                () =>
                    renderManifests({
                        kubernetesVersion: "1.35",
                        sysboxRuntime: { enabled, cleanupNodes } as never,
                    }),
                (err: unknown) =>
                    err instanceof CvmkitConfigError &&
                    err.field === "sysboxRuntime.cleanupNodes" &&
                    reason.test(err.message) &&
                    err.message.includes("Fix: "),
            );
        }
    });

    it("a pinned tag that does not accept the minor is the installer's error (the script checks the minor on cleanup too)", () => {
        assert.throws(
            () =>
                renderManifests({
                    kubernetesVersion: "1.35",
                    sysboxRuntime: { cleanupNodes: true, installerTag: "v0.6.7-0" },
                }),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                err.field === "kubernetesVersion" &&
                /installer v0\.6\.7-0 supports Kubernetes 1\.29–1\.32 only/.test(err.message),
        );
    });
});

describe("cvmkit render --sysbox-cleanup and cvmkit sysbox-cleanup options", () => {
    it("render --sysbox-cleanup prints the cleanup objects in place of the installer", async () => {
        const r = await main(["render", "--k8s-version", "1.34", "--sysbox-cleanup"]);
        assert.equal(r.exitCode, 0, r.stderr);
        assert.match(r.stdout, /name: sysbox-cleanup-k8s/);
        assert.match(r.stdout, /sysbox-deploy-k8s\.sh ce cleanup/);
        assert.doesNotMatch(r.stdout, /kind: RuntimeClass/);
        assert.match(r.stderr, /supervisor mode, Sysbox node cleanup/);
    });

    it("render --sysbox-cleanup takes --installer-tag; with --sysbox-runtime it is an error naming the flag", async () => {
        const ok = await main([
            "render",
            "--k8s-version",
            "1.31",
            "--sysbox-cleanup",
            "--installer-tag",
            "v0.6.6-0",
        ]);
        assert.equal(ok.exitCode, 0, ok.stderr);
        assert.match(ok.stdout, /sysbox-deploy-k8s:v0\.6\.6-0/);
        const bad = await main(["render", "--sysbox-runtime", "--sysbox-cleanup"]);
        assert.equal(bad.exitCode, 2);
        assert.match(
            bad.stderr,
            /--sysbox-cleanup \(sysboxRuntime\.cleanupNodes\): removes Sysbox from the nodes/,
        );
        assert.match(bad.stderr, /Fix: leave out --sysbox-runtime/);
    });

    it("sysbox-cleanup --help, a bad --timeout and an unknown flag", async () => {
        const help = await main(["sysbox-cleanup", "--help"]);
        assert.equal(help.exitCode, 0);
        assert.match(help.stdout, /--dry-run/);
        const bad = await main(["sysbox-cleanup", "--timeout", "10m"]);
        assert.equal(bad.exitCode, 2);
        assert.match(
            bad.stderr,
            /--timeout: must be a whole number of seconds above 0 \(got "10m"\)/,
        );
        const unknown = await main(["sysbox-cleanup", "--force"]);
        assert.equal(unknown.exitCode, 2);
        assert.match(unknown.stderr, /--force/);
    });

    it("a node is clean when it has neither the sysbox-runtime label nor the script's taint", () => {
        assert.equal(
            nodeCleanupState({ metadata: { labels: { "sysbox-install": "yes" } } }),
            "clean",
        );
        assert.equal(
            nodeCleanupState({
                metadata: { labels: { "sysbox-runtime": "removing" } },
                spec: {
                    taints: [{ key: "sysbox-runtime", value: "not-running", effect: "NoSchedule" }],
                },
            }),
            "sysbox-runtime=removing, taint sysbox-runtime=not-running:NoSchedule",
        );
        // another taint with the same key is not the script's
        assert.equal(
            nodeCleanupState({
                spec: { taints: [{ key: "sysbox-runtime", value: "x", effect: "NoExecute" }] },
            }),
            "clean",
        );
    });
});

describe("the Pulumi components refuse sysboxRuntime.cleanupNodes", () => {
    let rec: Recorder;
    let kube: typeof Kube;
    before(async () => {
        rec = await installRecordingMocks();
        kube = await import("../../lib/kubernetes/index.js");
    });

    it("an InputPropertyError naming the field and the CLI command, before anything is registered", async () => {
        let caught: unknown;
        try {
            new kube.CvmCluster("cleanup", {
                kubernetesVersion: "1.35",
                sysboxRuntime: { cleanupNodes: true },
            });
        } catch (err) {
            caught = err;
        }
        assert.ok(pulumi.InputPropertyError.isInstance(caught), String(caught));
        assert.equal(caught.propertyPath, "sysboxRuntime.cleanupNodes");
        assert.match(caught.reason, /cvmkit sysbox-cleanup/);
        await rec.settle();
        assert.deepEqual(rec.calls, []);
    });
});
