/**
 * One rule for Kubernetes names, wherever a name enters cvmkit: each bad label key, label value and namespace
 * name is refused by every entry point — renderManifests, CvmCluster, the CLI flags and config file, CvmStack and
 * each cloud's node pool — with the same reason, value and fix as the shared validator in lib/compat/validate.ts.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { CvmkitConfigError, renderManifests } from "../../lib";
import { main } from "../../lib/cli/main";
import { installMocks, MockRecorder, settle } from "./stack-mocks";

let rec: MockRecorder;
let aws: typeof import("../../lib/aws");
let gcp: typeof import("../../lib/gcp");
let azure: typeof import("../../lib/azure");
let stack: typeof import("../../lib/stack");
let kube: typeof import("../../lib/kubernetes");

before(async () => {
    rec = await installMocks();
    /* eslint-disable @typescript-eslint/no-require-imports */
    aws = require("../../lib/aws") as typeof import("../../lib/aws");
    gcp = require("../../lib/gcp") as typeof import("../../lib/gcp");
    azure = require("../../lib/azure") as typeof import("../../lib/azure");
    stack = require("../../lib/stack") as typeof import("../../lib/stack");
    kube = require("../../lib/kubernetes") as typeof import("../../lib/kubernetes");
    /* eslint-enable @typescript-eslint/no-require-imports */
});

// Bad values come from untyped sources (YAML, JavaScript), so the cases bypass the types on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const V = "1.33";
const eks = {
    clusterName: "c",
    endpoint: "https://e",
    certificateAuthorityData: "Q0E=",
    subnetIds: ["s"],
};
const gke = { clusterName: "c", location: "europe-west1" };
const aks = { resourceGroupName: "rg", clusterName: "c", clusterId: "/id" };

/** Label maps that are wrong in the key or in the value. */
const BAD_LABELS: readonly Record<string, string>[] = [
    { "example.com/team/name": "x" },
    { "cvm node": "x" },
    { "-team": "x" },
    { ["a".repeat(64)]: "x" },
    { "Example.com/team": "x" },
    { team: "a b" },
    { team: "-dev" },
    { team: "b".repeat(64) },
];

/** CVM namespaces that are not valid names, or are system namespaces. */
const BAD_NAMESPACES: readonly string[] = ["CVM_Workspaces", "c".repeat(64), "-cvm", "kube-system"];

/** The reference: the error the pure renderer raises, and its field relative to the labels / namespace. */
function reference(config: Record<string, unknown>): CvmkitConfigError {
    try {
        renderManifests({ kubernetesVersion: V, ...config } as Loose);
    } catch (err) {
        assert.ok(err instanceof CvmkitConfigError, String(err));
        return err;
    }
    assert.fail(`renderManifests accepted ${JSON.stringify(config)}`);
}

/** The part of a message after the field: reason, value and fix. */
const afterField = (e: CvmkitConfigError): string => e.message.slice(e.field.length);

/** Runs `make` and returns the message it throws (an InputPropertyError's reason, a config error's message). */
function messageOf(make: () => unknown): string {
    try {
        make();
    } catch (err) {
        const reason = (err as { reason?: unknown }).reason;
        return typeof reason === "string" ? reason : (err as Error).message;
    }
    assert.fail("accepted");
}

async function assertNothingRegistered(): Promise<void> {
    await settle(rec, 20);
    assert.deepEqual(
        rec.resources.map((r) => `${r.type}::${r.name}`),
        [],
        "no resource was registered",
    );
}

/** Asserts `message` names `field` and then says exactly what the reference says. */
function assertSame(message: string, field: string, ref: CvmkitConfigError): void {
    assert.equal(message, `${field}${afterField(ref)}`);
}

async function cli(args: readonly string[]): Promise<string> {
    const r = await main(["render", ...args]);
    assert.equal(r.exitCode, 2, r.stdout);
    return r.stderr.trim();
}

function withFile<T>(text: string, use: (file: string) => Promise<T>): Promise<T> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-names-"));
    const file = path.join(dir, "cvm.yaml");
    fs.writeFileSync(file, text);
    return use(file).finally(() => fs.rmSync(dir, { recursive: true }));
}

describe("every entry point refuses the same bad label the same way", () => {
    for (const labels of BAD_LABELS) {
        const [key, value] = Object.entries(labels)[0]!;
        const ref = reference({ labels });
        const title = `${JSON.stringify(key).slice(0, 24)}: ${JSON.stringify(value).slice(0, 12)}`;

        it(`${title}: renderManifests labels and nodeSelector`, () => {
            assert.equal(ref.field, `labels.${key}`);
            assert.equal(afterField(reference({ nodeSelector: labels })), afterField(ref));
        });

        it(`${title}: CvmCluster`, async () => {
            rec.reset();
            const make = () => new kube.CvmCluster("x", { kubernetesVersion: V, labels });
            assertSame(messageOf(make), `labels.${key}`, ref);
            await assertNothingRegistered();
        });

        it(`${title}: the CLI flag and the config file`, async () => {
            const flag = await cli([`--node-selector=${key}=${value}`]);
            assert.equal(flag, `cvmkit: --node-selector (nodeSelector.${key})${afterField(ref)}`);
            const file = await withFile(
                `labels:\n  ${JSON.stringify(key)}: ${JSON.stringify(value)}\n`,
                (f) => cli(["-c", f]),
            );
            assert.ok(file.endsWith(`labels.${key}${afterField(ref)}`), file);
        });

        it(`${title}: CvmStack (cvm settings and node pool)`, async () => {
            rec.reset();
            const existing = () =>
                new stack.CvmStack("x", {
                    cloud: "existing",
                    kubernetesVersion: V,
                    cvm: { labels, nodeSelector: labels },
                });
            const pool = () =>
                new stack.CvmStack("x", {
                    cloud: "aws",
                    cluster: { kubernetesVersion: V, subnetIds: ["a", "b"] },
                    nodePool: { labels },
                });
            const cvmMessage = messageOf(existing);
            assert.ok(
                cvmMessage === `cvm.labels.${key}${afterField(ref)}` ||
                    cvmMessage === `cvm.nodeSelector.${key}${afterField(ref)}`,
                cvmMessage,
            );
            assertSame(messageOf(pool), `nodePool.labels.${key}`, ref);
            await assertNothingRegistered();
        });

        it(`${title}: each cloud's node pool`, async () => {
            rec.reset();
            const pools: Record<string, () => unknown> = {
                aws: () =>
                    new aws.SysboxNodeGroup("x", { cluster: eks, kubernetesVersion: V, labels }),
                gcp: () => new gcp.SysboxNodePool("x", { cluster: gke, labels }),
                azure: () => new azure.SysboxNodePool("x", { cluster: aks, labels }),
            };
            for (const [cloud, make] of Object.entries(pools)) {
                const message = messageOf(make);
                assert.equal(message, `labels.${key}${afterField(ref)}`, cloud);
            }
            await assertNothingRegistered();
        });
    }

    it("a pool taint key follows the label-key rule", () => {
        const ref = reference({ labels: { "cvm node": "x" } });
        const message = messageOf(
            () =>
                new aws.SysboxNodeGroup("x", {
                    cluster: eks,
                    kubernetesVersion: V,
                    taint: { key: "cvm node" },
                }),
        );
        assert.equal(message, `taint.key${afterField(ref)}`);
    });
});

describe("every entry point refuses the same bad namespace the same way", () => {
    for (const namespace of BAD_NAMESPACES) {
        const ref = reference({ namespace });
        const title = JSON.stringify(namespace).slice(0, 24);

        it(`${title}: renderManifests and CvmCluster`, async () => {
            assert.equal(ref.field, "namespace");
            rec.reset();
            assertSame(
                messageOf(() => new kube.CvmCluster("x", { kubernetesVersion: V, namespace })),
                "namespace",
                ref,
            );
            await assertNothingRegistered();
        });

        it(`${title}: the CLI flag and the config file`, async () => {
            assert.equal(
                await cli([`--namespace=${namespace}`]),
                `cvmkit: --namespace (namespace)${afterField(ref)}`,
            );
            const file = await withFile(`namespace: ${JSON.stringify(namespace)}\n`, (f) =>
                cli(["-c", f]),
            );
            assert.ok(file.endsWith(`namespace${afterField(ref)}`), file);
        });

        it(`${title}: CvmStack`, async () => {
            rec.reset();
            const make = () =>
                new stack.CvmStack("x", {
                    cloud: "existing",
                    kubernetesVersion: V,
                    cvm: { namespace },
                });
            assertSame(messageOf(make), "cvm.namespace", ref);
            await assertNothingRegistered();
        });

        it(`${title}: the Azure pool's policy exclusion`, async () => {
            rec.reset();
            const make = () =>
                new azure.SysboxNodePool("x", {
                    cluster: aks,
                    azurePolicy: { enabled: true, cvmNamespace: namespace },
                });
            assertSame(messageOf(make), "azurePolicy.cvmNamespace", ref);
            await assertNothingRegistered();
        });
    }
});
