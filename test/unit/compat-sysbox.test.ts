import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    assertInstallerSupports,
    CvmkitConfigError,
    DEFAULT_SYSBOX_INSTALLER,
    defaultInstallerFor,
    describeMinors,
    findInstallerRelease,
    installerImage,
    installerReleasesFor,
    parseKubernetesVersion,
    renderManifests,
    SYSBOX_INSTALLER_RELEASES,
    SYSBOX_INSTALLER_REPOSITORY,
} from "../../lib";

const SUPERVISOR_FIX =
    "turn the Sysbox runtime off (sysboxRuntime.enabled=false) and use the supervisor mode, which runs Sysbox inside the privileged supervisor pod and needs no node install";

describe("Sysbox installer matrix", () => {
    it("lists the releases newest first with their Kubernetes minors", () => {
        assert.deepEqual(
            SYSBOX_INSTALLER_RELEASES.map((r) => [r.tag, describeMinors(r)]),
            [
                ["v0.7.1-0", "1.32–1.35"],
                ["v0.7.0-0", "1.32–1.35"],
                ["v0.6.7-0", "1.29–1.32"],
                ["v0.6.6-0", "1.28–1.31"],
                ["v0.6.5-0.1", "1.27–1.30"],
                ["v0.6.4", "1.26–1.28"],
            ],
        );
        for (const r of SYSBOX_INSTALLER_RELEASES) {
            assert.ok(r.source.length > 0, `${r.tag} names its source`);
            assert.match(r.tag, new RegExp(`^v${r.sysboxVersion.replace(/\./g, "\\.")}`));
        }
    });

    it("defaults to v0.7.1-0 (1.32–1.35) from the upstream repository", () => {
        assert.equal(DEFAULT_SYSBOX_INSTALLER.tag, "v0.7.1-0");
        assert.equal(describeMinors(DEFAULT_SYSBOX_INSTALLER), "1.32–1.35");
        assert.equal(
            installerImage(DEFAULT_SYSBOX_INSTALLER),
            "registry.nestybox.com/nestybox/sysbox-deploy-k8s:v0.7.1-0",
        );
        assert.equal(
            installerImage(DEFAULT_SYSBOX_INSTALLER, "123.dkr.ecr.us-east-1.amazonaws.com/sysbox"),
            "123.dkr.ecr.us-east-1.amazonaws.com/sysbox:v0.7.1-0",
        );
        assert.equal(
            SYSBOX_INSTALLER_REPOSITORY,
            "registry.nestybox.com/nestybox/sysbox-deploy-k8s",
        );
    });

    const ACCEPTING: readonly [minor: string, tags: string[]][] = [
        ["1.18", []],
        ["1.24", []],
        ["1.25", []],
        ["1.26", ["v0.6.4"]],
        ["1.27", ["v0.6.5-0.1", "v0.6.4"]],
        ["1.28", ["v0.6.6-0", "v0.6.5-0.1", "v0.6.4"]],
        ["1.29", ["v0.6.7-0", "v0.6.6-0", "v0.6.5-0.1"]],
        ["1.30", ["v0.6.7-0", "v0.6.6-0", "v0.6.5-0.1"]],
        ["1.31", ["v0.6.7-0", "v0.6.6-0"]],
        ["1.32", ["v0.7.1-0", "v0.7.0-0", "v0.6.7-0"]],
        ["1.33", ["v0.7.1-0", "v0.7.0-0"]],
        ["1.35", ["v0.7.1-0", "v0.7.0-0"]],
        ["1.36", []],
    ];
    for (const [minor, tags] of ACCEPTING) {
        it(`installers accepting ${minor}: ${tags.join(", ") || "none"}`, () => {
            assert.deepEqual(
                installerReleasesFor(parseKubernetesVersion(minor)).map((r) => r.tag),
                tags,
            );
        });
    }

    it("rejects v0.7.1-0 pinned on 1.31, naming 1.32–1.35, v0.6.7-0 and the supervisor mode", () => {
        const expected =
            'kubernetesVersion: the Sysbox runtime installer v0.7.1-0 supports Kubernetes 1.32–1.35 only, not 1.31 (got "1.31"). ' +
            "Fix: pin sysboxRuntime.installerTag to v0.6.7-0 or v0.6.6-0 (accepts 1.31), move the cluster to Kubernetes 1.32–1.35, or " +
            SUPERVISOR_FIX;
        assert.throws(
            () => assertInstallerSupports(DEFAULT_SYSBOX_INSTALLER, parseKubernetesVersion("1.31")),
            (err: unknown) => err instanceof CvmkitConfigError && err.message === expected,
        );
        assert.throws(
            () =>
                renderManifests({
                    kubernetesVersion: "1.31",
                    sysboxRuntime: { enabled: true, installerTag: "v0.7.1-0" },
                }),
            (err: unknown) => {
                assert.ok(err instanceof CvmkitConfigError);
                assert.equal(err.field, "kubernetesVersion");
                assert.equal(err.value, "1.31");
                assert.equal(err.message, expected);
                return true;
            },
        );
    });

    it("without a pinned tag, the installer follows the minor (newest release that accepts it)", () => {
        for (const [version, tag] of [
            ["1.27", "v0.6.5-0.1"],
            ["1.31", "v0.6.7-0"],
            ["1.32", "v0.7.1-0"],
            ["1.33", "v0.7.1-0"],
            ["1.35", "v0.7.1-0"],
        ] as const) {
            assert.equal(defaultInstallerFor(parseKubernetesVersion(version)).tag, tag, version);
            const out = renderManifests({
                kubernetesVersion: version,
                sysboxRuntime: { enabled: true },
            });
            assert.equal(
                out.installerImage,
                `registry.nestybox.com/nestybox/sysbox-deploy-k8s:${tag}`,
                version,
            );
        }
    });

    it("rejects the runtime on a minor no installer accepts (1.25), naming the range and the supervisor mode", () => {
        assert.throws(
            () => renderManifests({ kubernetesVersion: "1.25", sysboxRuntime: { enabled: true } }),
            (err: unknown) => {
                assert.ok(err instanceof CvmkitConfigError);
                assert.equal(err.field, "kubernetesVersion");
                assert.match(err.message, /supports Kubernetes 1\.32–1\.35 only, not 1\.25/);
                assert.ok(err.message.includes(SUPERVISOR_FIX), err.message);
                return true;
            },
        );
    });

    it("renders the runtime on 1.31 once v0.6.7-0 is pinned", () => {
        const out = renderManifests({
            kubernetesVersion: "v1.31.4-eks-2d5f260",
            sysboxRuntime: { enabled: true, installerTag: "v0.6.7-0" },
        });
        assert.equal(
            out.installerImage,
            "registry.nestybox.com/nestybox/sysbox-deploy-k8s:v0.6.7-0",
        );
        assert.equal(out.runtimeClassName, "sysbox-runc");
    });

    it("rejects a pinned tag outside its range and points to the tags that accept the minor", () => {
        assert.throws(
            () =>
                renderManifests({
                    kubernetesVersion: "1.35",
                    sysboxRuntime: { enabled: true, installerTag: "v0.6.7-0" },
                }),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                err.field === "kubernetesVersion" &&
                err.message.includes(
                    "installer v0.6.7-0 supports Kubernetes 1.29–1.32 only, not 1.35",
                ) &&
                err.message.includes("pin sysboxRuntime.installerTag to v0.7.1-0 or v0.7.0-0") &&
                err.message.includes(SUPERVISOR_FIX),
        );
    });

    it("offers no pin when no installer accepts the minor", () => {
        assert.throws(
            () => assertInstallerSupports(DEFAULT_SYSBOX_INSTALLER, parseKubernetesVersion("1.25")),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                !err.message.includes("pin sysboxRuntime.installerTag") &&
                err.message.includes("Fix: move the cluster to Kubernetes 1.32–1.35, or ") &&
                err.message.includes(SUPERVISOR_FIX),
        );
    });

    it("accepts every minor of every release", () => {
        for (const r of SYSBOX_INSTALLER_RELEASES) {
            for (const minor of r.kubernetesMinors) {
                assert.doesNotThrow(
                    () => assertInstallerSupports(r, parseKubernetesVersion(minor)),
                    `${r.tag} ${minor}`,
                );
            }
        }
    });

    it("rejects an unknown tag naming the known ones", () => {
        assert.throws(
            () => findInstallerRelease("v0.5.0"),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                err.field === "sysboxRuntime.installerTag" &&
                err.message ===
                    'sysboxRuntime.installerTag: not a Sysbox installer tag cvmkit knows the Kubernetes range of (got "v0.5.0"). ' +
                        "Fix: use one of v0.7.1-0, v0.7.0-0, v0.6.7-0, v0.6.6-0, v0.6.5-0.1, v0.6.4",
        );
        assert.equal(findInstallerRelease("v0.6.5-0.1").sysboxVersion, "0.6.5");
    });
});
