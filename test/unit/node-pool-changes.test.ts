/**
 * Day 2 without surprise node rolls, under recording mocks with the engine's Stash semantics across runs
 * (`StashHistory`): for each pool setting and cloud, the resource fields a change really touches (a first `up`,
 * then the changed args) against cvmkit's table (`POOL_CHANGE_RULES`) and the clouds' field rules with their
 * sources (`test/support/pool-field-rules.ts`); the roll warning in a preview exactly when the change rolls the
 * nodes; and turning the Sysbox runtime off leaves the user data, the launch template and the node labels
 * unchanged on every cloud. `test/e2e/node-rolls.test.ts` runs the same Stash mechanism on the real engine.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import {
    changeRollsNodes,
    POOL_CHANGE_RULES,
    POOL_SETTINGS,
    PoolCloud,
    PoolSetting,
} from "../../lib/compat";
import { effectOfFields, FIELD_RULES } from "../support/pool-field-rules";
import { installMocks, MockRecorder, settle, StashHistory } from "./stack-mocks";

let rec: MockRecorder;
const history = new StashHistory();
let aws: typeof import("../../lib/aws");
let gcp: typeof import("../../lib/gcp");
let azure: typeof import("../../lib/azure");

before(async () => {
    rec = await installMocks(undefined, history);
    aws = await import("../../lib/aws/index.js");
    gcp = await import("../../lib/gcp/index.js");
    azure = await import("../../lib/azure/index.js");
});

function setPreview(preview: boolean): void {
    (pulumi.runtime as unknown as { _setIsDryRun(v: boolean): void })._setIsDryRun(preview);
    history.preview = preview;
}

type Args = Record<string, unknown>;

const BASE: Readonly<Record<PoolCloud, Args>> = {
    aws: {
        cluster: {
            clusterName: "eks",
            endpoint: "https://eks.example",
            certificateAuthorityData: "Q0E=",
            subnetIds: ["subnet-1"],
            kubernetesVersion: "1.33",
            serviceIpv4Cidr: "10.100.0.0/16",
        },
        kubernetesVersion: "1.33",
        amiId: "ami-1",
        labels: { team: "a" },
        sysboxRuntime: { enabled: true },
    },
    gcp: {
        cluster: { clusterName: "gke", location: "europe-west1-b", releaseChannel: "UNSPECIFIED" },
        kubernetesVersion: "1.33",
        autoUpgrade: false,
        labels: { team: "a" },
        sysboxRuntime: { enabled: true },
    },
    azure: {
        cluster: { resourceGroupName: "rg", clusterName: "aks", kubernetesVersion: "1.33" },
        kubernetesVersion: "1.33",
        labels: { team: "a" },
        sysboxRuntime: { enabled: true },
    },
};

/** A change of each setting (none where cvmkit accepts no second value: GKE runs only UBUNTU_CONTAINERD). */
const CHANGES: Readonly<Record<PoolCloud, Partial<Record<PoolSetting, Args>>>> = {
    aws: {
        labels: { labels: { team: "b" } },
        sysboxRuntime: { sysboxRuntime: { enabled: false }, keepSysboxInstallLabel: false },
        taint: { taint: true },
        kubeletFlags: { kubeletExtraArgs: "--max-pods=58" },
        image: { amiId: "ami-2" },
        machineType: { instanceTypes: ["m6i.2xlarge"] },
        disk: { diskSizeGiB: 200 },
        metadataHopLimit: { metadataHopLimit: 2 },
        version: { kubernetesVersion: "1.32" },
        capacity: { capacityType: "SPOT" },
        tags: { tags: { owner: "platform" } },
    },
    gcp: {
        labels: { labels: { team: "b" } },
        sysboxRuntime: { sysboxRuntime: { enabled: false }, keepSysboxInstallLabel: false },
        taint: { taint: true },
        machineType: { machineType: "e2-standard-8" },
        disk: { diskSizeGb: 200, diskType: "pd-ssd" },
        version: { kubernetesVersion: "1.32" },
        capacity: { spot: true, serviceAccount: "nodes@p.iam.gserviceaccount.com" },
    },
    azure: {
        labels: { labels: { team: "b" } },
        sysboxRuntime: { sysboxRuntime: { enabled: false }, keepSysboxInstallLabel: false },
        taint: { taint: true },
        image: { osSKU: "Ubuntu2204" },
        machineType: { vmSize: "Standard_D8s_v5" },
        disk: { osDiskSizeGB: 200 },
        version: { kubernetesVersion: "1.32" },
        capacity: { availabilityZones: ["1", "2"] },
        tags: { tags: { owner: "platform" } },
    },
};

/** The pool resources a change can touch (Stashes are cvmkit's own memory, not the cloud's). */
const POOL_TYPES = [
    "aws:eks/nodeGroup:NodeGroup",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "gcp:container/nodePool:NodePool",
    "azure-native:containerservice:AgentPool",
];

type Snapshot = Record<string, Record<string, unknown>>;

/** Builds the cloud's pool with `args` (one run of the program) and returns the pool resources' inputs. */
async function run(cloud: PoolCloud, args: Args, warnings?: string[]): Promise<Snapshot> {
    rec.reset();
    const original = pulumi.log.warn;
    if (warnings) {
        (pulumi.log as { warn: typeof pulumi.log.warn }).warn = (msg: string) => {
            warnings.push(msg);
            return Promise.resolve();
        };
    }
    try {
        if (cloud === "aws") new aws.SysboxNodeGroup("cvm", args as never);
        if (cloud === "gcp") new gcp.SysboxNodePool("cvm", args as never);
        if (cloud === "azure") new azure.SysboxNodePool("cvm", args as never);
        await settle(rec);
    } finally {
        (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
    }
    const out: Snapshot = {};
    for (const r of rec.resources) if (POOL_TYPES.includes(r.type)) out[r.type] = r.inputs;
    return out;
}

/** `<type>.<field>` of every field that differs (one level into `nodeConfig`). */
function changedFields(a: Snapshot, b: Snapshot): string[] {
    const fields: string[] = [];
    for (const type of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const x = a[type] ?? {};
        const y = b[type] ?? {};
        for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
            if (key === "nodeConfig") {
                const nx = (x[key] ?? {}) as Record<string, unknown>;
                const ny = (y[key] ?? {}) as Record<string, unknown>;
                for (const k of new Set([...Object.keys(nx), ...Object.keys(ny)])) {
                    if (JSON.stringify(nx[k]) !== JSON.stringify(ny[k])) {
                        fields.push(`${type}.nodeConfig.${k}`);
                    }
                }
            } else if (JSON.stringify(x[key]) !== JSON.stringify(y[key])) {
                fields.push(`${type}.${key}`);
            }
        }
    }
    return fields.sort();
}

/** A first `up` of the base args, then a preview and an `up` of the changed ones. */
async function change(
    cloud: PoolCloud,
    overrides: Args,
): Promise<{ fields: string[]; warnings: string[]; after: string[] }> {
    history.clear();
    setPreview(false);
    const before = await run(cloud, BASE[cloud]!);
    const changed = { ...BASE[cloud], ...overrides };
    const warnings: string[] = [];
    setPreview(true);
    await run(cloud, changed, warnings);
    setPreview(false);
    const applied = await run(cloud, changed);
    const after: string[] = [];
    setPreview(true);
    await run(cloud, changed, after);
    setPreview(false);
    return { fields: changedFields(before, applied), warnings, after };
}

describe("contract: what a change of each pool setting does to the nodes", () => {
    it("every field rule and every table row names its upstream source", () => {
        const source = /^(https:\/\/\S+|[\w.-]+\/[\w.-]+( \S+)+)/;
        for (const [field, rule] of Object.entries(FIELD_RULES)) {
            assert.match(rule.source, source, field);
        }
        for (const cloud of ["aws", "gcp", "azure"] as const) {
            for (const setting of POOL_SETTINGS) {
                assert.match(
                    POOL_CHANGE_RULES[cloud][setting].source,
                    source,
                    `${cloud} ${setting}`,
                );
            }
        }
    });

    for (const cloud of ["aws", "gcp", "azure"] as const) {
        for (const setting of POOL_SETTINGS) {
            const rule = POOL_CHANGE_RULES[cloud][setting];
            const overrides = CHANGES[cloud][setting];
            if (!overrides) {
                it(`${cloud} ${setting}: ${rule.effect} — no change cvmkit accepts`, () => {
                    if (rule.effect === "not-managed") {
                        assert.deepEqual(
                            rule.args,
                            [],
                            "a setting cvmkit does not manage has no args",
                        );
                    } else {
                        // GKE: only UBUNTU_CONTAINERD runs Sysbox, so the image type has no second value
                        assert.equal(`${cloud} ${setting}`, "gcp image");
                    }
                });
                continue;
            }
            it(`${cloud} ${setting}: ${rule.effect} [${rule.source}]`, async () => {
                const { fields, warnings, after } = await change(cloud, overrides);
                for (const f of fields) {
                    assert.ok(rule.fields.includes(f), `${f} is touched but not in the table row`);
                }
                assert.equal(
                    effectOfFields(fields),
                    rule.effect,
                    `fields ${fields.join(", ")}: the cloud's field rules give another effect`,
                );
                const rolls = changeRollsNodes(cloud, setting);
                assert.equal(
                    warnings.length,
                    rolls ? 1 : 0,
                    `preview warnings: ${warnings.join(" | ")}`,
                );
                if (rolls) {
                    assert.match(warnings[0]!, new RegExp(`nodePool\\.${rule.args[0]!}`));
                    assert.match(warnings[0]!, /every node|the pool is replaced/);
                    assert.match(warnings[0]!, /kubectl drain/);
                }
                assert.deepEqual(after, [], "the preview after the up that applied it is quiet");
            });
        }
    }
});

describe("turning the Sysbox runtime off changes no node", () => {
    for (const cloud of ["aws", "gcp", "azure"] as const) {
        it(`${cloud}: user data, launch template and node labels stay; no warning`, async () => {
            const { fields, warnings } = await change(cloud, { sysboxRuntime: { enabled: false } });
            assert.deepEqual(fields, [], "no pool field changes");
            assert.deepEqual(warnings, []);
            // and the label really is there (kept), not absent on both sides
            const labels = await run(cloud, { ...BASE[cloud], sysboxRuntime: { enabled: false } });
            const pool = (labels["aws:eks/nodeGroup:NodeGroup"] ??
                labels["gcp:container/nodePool:NodePool"] ??
                labels["azure-native:containerservice:AgentPool"])!;
            const nodeLabels =
                (pool["labels"] as Record<string, string> | undefined) ??
                (pool["nodeLabels"] as Record<string, string> | undefined) ??
                ((pool["nodeConfig"] as Record<string, unknown>)["labels"] as Record<
                    string,
                    string
                >);
            assert.equal(nodeLabels["sysbox-install"], "yes");
        });
        it(`${cloud}: a pool created with the runtime off never gets sysbox-install`, async () => {
            history.clear();
            const snap = await run(cloud, { ...BASE[cloud], sysboxRuntime: { enabled: false } });
            assert.doesNotMatch(JSON.stringify(snap), /sysbox-install/);
        });
    }

    it("aws: the user data registers only the CVM label; the node group carries the others", async () => {
        history.clear();
        const snap = await run("aws", BASE.aws);
        const lt = snap["aws:ec2/launchTemplate:LaunchTemplate"]!;
        const userData = Buffer.from(String(lt["userData"]), "base64").toString("utf8");
        assert.match(userData, /--node-labels=cvmkit\.dev\/cvm-node=true'/);
        assert.deepEqual(snap["aws:eks/nodeGroup:NodeGroup"]!["labels"], {
            team: "a",
            "cvmkit.dev/cvm-node": "true",
            "sysbox-install": "yes",
        });
    });
});

describe("docs/day-2.md: the pool-change table is POOL_CHANGE_RULES", () => {
    it("every cell names the table's effect and the pool args", async () => {
        const fs = await import("node:fs");
        const path = await import("node:path");
        const text = fs.readFileSync(
            path.join(__dirname, "..", "..", "..", "docs", "day-2.md"),
            "utf8",
        );
        const rows = text
            .split("\n")
            .filter((l) => l.startsWith("| ") && !l.startsWith("| Setting") && l.includes("(`"));
        const WORDS: Record<string, string> = {
            "in-place": "in place",
            "new-nodes": "nothing until the image moves",
            roll: "**rolls every node**",
            "replace-pool": "**replaces the pool**",
            "not-managed": "—",
        };
        assert.equal(rows.length, POOL_SETTINGS.length, "one row per setting");
        POOL_SETTINGS.forEach((setting, i) => {
            const cells = rows[i]!.split(" | ").slice(1);
            (["aws", "gcp", "azure"] as const).forEach((cloud, j) => {
                const rule = POOL_CHANGE_RULES[cloud][setting];
                const cell = cells[j]!;
                assert.ok(cell.startsWith(WORDS[rule.effect]!), `${setting} ${cloud}: "${cell}"`);
                for (const arg of rule.args)
                    assert.ok(cell.includes(`\`${arg}\``), `${setting} ${cloud}: ${arg}`);
            });
        });
    });
});

describe("aws: a pool deployed by an earlier cvmkit (all labels in its user data, no Day-2 memory)", () => {
    it("gets a one-time note at preview when labels leave the user data", async () => {
        history.clear(); // the stashes do not exist, the launch template does (its id is known)
        const warnings: string[] = [];
        setPreview(true);
        await run("aws", BASE.aws, warnings);
        setPreview(false);
        assert.equal(warnings.length, 1, warnings.join(" | "));
        assert.match(warnings[0]!, /first up of pool cvm .*team, sysbox-install.*replaced once/);
    });
    it("and none when the pool only ever had the CVM label", async () => {
        history.clear();
        const warnings: string[] = [];
        setPreview(true);
        await run("aws", { ...BASE.aws, labels: {}, sysboxRuntime: undefined }, warnings);
        setPreview(false);
        assert.deepEqual(warnings, []);
    });
});
