import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    assertCvmKubernetesVersion,
    atLeast,
    compareMinor,
    CvmkitConfigError,
    featureGates,
    FeatureGates,
    formatMinor,
    MIN_CVM_KUBERNETES,
    parseKubernetesVersion,
    renderManifests,
    versionFromServerInfo,
} from "../../lib";

type Parsed = [major: number, minor: number, patch: number | undefined];

/** Version strings as clouds and distributions print them, with what must be kept. */
const ACCEPTED: readonly [input: string, parsed: Parsed, raw?: string][] = [
    ["1.29", [1, 29, undefined]], // EKS cluster version
    ["v1.29.1-eks-b9c9ed7", [1, 29, 1]], // EKS server gitVersion
    ["1.28.9-eks-036c24b", [1, 28, 9]],
    ["v1.30.14-eks-931bdca", [1, 30, 14]],
    ["1.22.17-eks-0a21954", [1, 22, 17]],
    ["1.30.2-gke.1587003", [1, 30, 2]], // GKE master version
    ["v1.33.1-gke.1744000", [1, 33, 1]],
    ["v1.25.16-gke.1041000", [1, 25, 16]],
    ["v1.28.10-gke.1075001", [1, 28, 10]],
    ["1.29.2", [1, 29, 2]], // AKS kubernetesVersion
    ["v1.29.2", [1, 29, 2]], // AKS server gitVersion
    ["1.31", [1, 31, undefined]], // AKS orchestrator alias without patch
    ["v1.31.0+k3s1", [1, 31, 0]], // k3s
    ["v1.26.15+k3s1", [1, 26, 15]],
    ["v1.29.5+rke2r1", [1, 29, 5]], // RKE2
    ["v1.30.4+rke2r1", [1, 30, 4]],
    ["v1.29.3+k0s.0", [1, 29, 3]], // k0s
    ["v1.27.6+f67aeb3", [1, 27, 6]], // OpenShift
    ["1.27.3-do.0", [1, 27, 3]], // DigitalOcean
    ["v1.31.0", [1, 31, 0]], // kind, minikube, Talos
    ["1.30.0-rc.1", [1, 30, 0]], // pre-release
    ["v1.31.0-alpha.3.123+abcdef0123", [1, 31, 0]], // CI build
    ["1.18", [1, 18, undefined]],
    ["v1.18.20", [1, 18, 20]],
    ["1.24", [1, 24, undefined]],
    ["1.35.0", [1, 35, 0]],
    ["v1.9.11", [1, 9, 11]], // parses; the floor is a separate check
    ["1.17", [1, 17, undefined]],
    ["v1.100.0", [1, 100, 0]], // future minors parse
    ["  1.30  ", [1, 30, undefined], "1.30"], // whitespace trimmed
    ["\tv1.32.3-eks-4096722\n", [1, 32, 3], "v1.32.3-eks-4096722"],
];

const NOT_A_VERSION = (got: string): string =>
    `kubernetesVersion: not a Kubernetes version (expected MAJOR.MINOR[.PATCH], optionally with a v prefix and a vendor suffix) (got ${got}). ` +
    'Fix: pass a concrete version such as "1.30" or "v1.30.2-eks-1234"; aliases like "latest" cannot be checked';
const UNKNOWN_MAJOR = (major: number, got: string): string =>
    `kubernetesVersion: Kubernetes major version ${major} is not known to cvmkit (got ${got}). Fix: pass a Kubernetes 1.x version such as "1.30"`;
const NOT_A_STRING = (got: string): string =>
    `kubernetesVersion: a Kubernetes version must be a string (got ${got}). Fix: pass the cluster version as "1.30" or "v1.30.2"`;

/** Strings that are not versions, with the exact message. */
const REJECTED: readonly [input: unknown, message: string][] = [
    ["latest", NOT_A_VERSION('"latest"')],
    ["stable", NOT_A_VERSION('"stable"')],
    ["1", NOT_A_VERSION('"1"')],
    ["v1", NOT_A_VERSION('"v1"')],
    ["", NOT_A_VERSION('""')],
    ["   ", NOT_A_VERSION('"   "')],
    ["-", NOT_A_VERSION('"-"')],
    ["eks.7", NOT_A_VERSION('"eks.7"')], // an EKS platform version, not a Kubernetes version
    ["1.x", NOT_A_VERSION('"1.x"')],
    ["1.30abc", NOT_A_VERSION('"1.30abc"')],
    ["V1.30", NOT_A_VERSION('"V1.30"')],
    [".29", NOT_A_VERSION('".29"')],
    ["1..29", NOT_A_VERSION('"1..29"')],
    ["1.29 eks", NOT_A_VERSION('"1.29 eks"')],
    ["1.29,1.30", NOT_A_VERSION('"1.29,1.30"')],
    ["${K8S_VERSION}", NOT_A_VERSION('"${K8S_VERSION}"')],
    ["v2.0", UNKNOWN_MAJOR(2, '"v2.0"')],
    ["2.0.1", UNKNOWN_MAJOR(2, '"2.0.1"')],
    ["0.9", UNKNOWN_MAJOR(0, '"0.9"')],
    [1.29, NOT_A_STRING("1.29")],
    [null, NOT_A_STRING("null")],
    [undefined, NOT_A_STRING("nothing")],
];

describe("parseKubernetesVersion", () => {
    for (const [input, [major, minor, patch], raw] of ACCEPTED) {
        it(`parses ${JSON.stringify(input)}`, () => {
            const expected =
                patch === undefined
                    ? { major, minor, raw: raw ?? input }
                    : { major, minor, patch, raw: raw ?? input };
            assert.deepEqual(parseKubernetesVersion(input), expected);
        });
    }

    it("covers at least 30 accepted version strings", () => {
        assert.ok(ACCEPTED.length >= 30, `only ${ACCEPTED.length}`);
    });

    for (const [input, message] of REJECTED) {
        it(`rejects ${JSON.stringify(input) ?? "undefined"}`, () => {
            assert.throws(
                () => parseKubernetesVersion(input as string),
                (err: unknown) => {
                    assert.ok(err instanceof CvmkitConfigError);
                    assert.equal(err.field, "kubernetesVersion");
                    assert.equal(err.value, input);
                    assert.equal(err.message, message);
                    return true;
                },
            );
        });
    }

    it("names the field it was given in the error", () => {
        assert.throws(
            () => parseKubernetesVersion("latest", "cluster.version"),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                err.field === "cluster.version" &&
                err.message.startsWith("cluster.version: not a Kubernetes version"),
        );
    });

    it("renderManifests rejects the same strings with the same message", () => {
        for (const [input, message] of REJECTED.filter(([i]) => typeof i === "string")) {
            assert.throws(
                () => renderManifests({ kubernetesVersion: input as string }),
                (err: unknown) => err instanceof CvmkitConfigError && err.message === message,
                String(input),
            );
        }
    });
});

describe("versionFromServerInfo", () => {
    it("prefers gitVersion", () => {
        assert.deepEqual(
            versionFromServerInfo({ gitVersion: "v1.27.3-eks-a5565ad", major: "1", minor: "27+" }),
            { major: 1, minor: 27, patch: 3, raw: "v1.27.3-eks-a5565ad" },
        );
    });

    it('reads major/minor with a "27+" minor when gitVersion is absent', () => {
        assert.deepEqual(versionFromServerInfo({ major: "1", minor: "27+" }), {
            major: 1,
            minor: 27,
            raw: "1.27",
        });
    });

    it("falls back to major/minor when gitVersion is unreadable", () => {
        assert.deepEqual(
            versionFromServerInfo({ gitVersion: "unknown", major: "1", minor: "30+" }),
            { major: 1, minor: 30, raw: "1.30" },
        );
    });

    it("reads plain major/minor", () => {
        assert.deepEqual(versionFromServerInfo({ major: "1", minor: "35" }), {
            major: 1,
            minor: 35,
            raw: "1.35",
        });
    });

    it("rethrows the gitVersion error when there is nothing to fall back to", () => {
        assert.throws(
            () => versionFromServerInfo({ gitVersion: "unknown" }),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                err.field === "/version.gitVersion" &&
                err.message.includes('(got "unknown")'),
        );
    });

    it("fails clearly on an empty document", () => {
        assert.throws(
            () => versionFromServerInfo({}),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                err.field === "/version" &&
                err.message ===
                    "/version: the server reported no readable version (got {}). Fix: pass kubernetesVersion explicitly",
        );
    });

    it("fails on a non-numeric minor", () => {
        assert.throws(
            () => versionFromServerInfo({ major: "1", minor: "" }),
            (err: unknown) => err instanceof CvmkitConfigError && err.field === "/version",
        );
    });

    it("rejects an unknown major from major/minor", () => {
        assert.throws(
            () => versionFromServerInfo({ major: "2", minor: "1" }),
            (err: unknown) =>
                err instanceof CvmkitConfigError &&
                err.field === "/version" &&
                err.message.includes("Kubernetes major version 2 is not known"),
        );
    });
});

describe("the Kubernetes 1.18 floor", () => {
    it("is 1.18", () => {
        assert.equal(formatMinor(MIN_CVM_KUBERNETES), "1.18");
    });

    it("rejects 1.17 naming the requirement and the version found", () => {
        assert.throws(
            () => assertCvmKubernetesVersion(parseKubernetesVersion("v1.17.17-eks-abc")),
            (err: unknown) => {
                assert.ok(err instanceof CvmkitConfigError);
                assert.equal(err.field, "kubernetesVersion");
                assert.equal(
                    err.message,
                    'kubernetesVersion: CVMs need Kubernetes 1.18 or newer, found 1.17 (got "v1.17.17-eks-abc"). ' +
                        "Fix: upgrade the cluster (or node pool) to Kubernetes 1.18+",
                );
                return true;
            },
        );
    });

    it("rejects 1.9 (numeric, not string, comparison)", () => {
        assert.throws(
            () => assertCvmKubernetesVersion(parseKubernetesVersion("1.9")),
            /CVMs need Kubernetes 1\.18 or newer, found 1\.9/,
        );
    });

    it("accepts 1.18 and later", () => {
        for (const v of ["1.18", "v1.18.0", "1.19", "1.100"]) {
            assert.doesNotThrow(() => assertCvmKubernetesVersion(parseKubernetesVersion(v)), v);
        }
    });

    it("is enforced by renderManifests", () => {
        assert.throws(
            () => renderManifests({ kubernetesVersion: "1.16.15" }),
            /CvmkitConfigError: kubernetesVersion: CVMs need Kubernetes 1\.18 or newer, found 1\.16 \(got "1\.16\.15"\)/,
        );
    });

    it("compares minors numerically", () => {
        assert.ok(compareMinor({ major: 1, minor: 9 }, { major: 1, minor: 18 }) < 0);
        assert.ok(compareMinor({ major: 2, minor: 0 }, { major: 1, minor: 35 }) > 0);
        assert.equal(compareMinor({ major: 1, minor: 30 }, { major: 1, minor: 30 }), 0);
        assert.equal(atLeast({ major: 1, minor: 100 }, 1, 30), true);
        assert.equal(atLeast({ major: 1, minor: 24 }, 1, 25), false);
    });
});

describe("featureGates", () => {
    const gates = (
        minor: string,
        psa: boolean,
        psp: boolean,
        vap: boolean,
        rc: FeatureGates["runtimeClassApiVersion"],
        seccomp: boolean,
        hostUsers: boolean,
        userns: boolean,
    ): FeatureGates => ({
        minor,
        podSecurityAdmission: psa,
        podSecurityVersion: `v${minor}`,
        podSecurityPolicy: psp,
        validatingAdmissionPolicy: vap,
        runtimeClassApiVersion: rc,
        seccompProfileField: seccomp,
        hostUsersField: hostUsers,
        userNamespacesByDefault: userns,
    });
    const B1 = "node.k8s.io/v1beta1";
    const V1 = "node.k8s.io/v1";
    // minor, PSA, PSP, VAP, RuntimeClass, seccompProfile field, hostUsers field, userns by default
    const TABLE: readonly FeatureGates[] = [
        gates("1.18", false, true, false, B1, false, false, false),
        gates("1.19", false, true, false, B1, true, false, false),
        gates("1.20", false, true, false, V1, true, false, false),
        gates("1.22", false, true, false, V1, true, false, false),
        gates("1.23", true, true, false, V1, true, false, false),
        gates("1.24", true, true, false, V1, true, false, false),
        gates("1.25", true, false, false, V1, true, true, false),
        gates("1.29", true, false, false, V1, true, true, false),
        gates("1.30", true, false, true, V1, true, true, false),
        gates("1.32", true, false, true, V1, true, true, false),
        gates("1.33", true, false, true, V1, true, true, true),
        gates("1.35", true, false, true, V1, true, true, true),
    ];
    for (const expected of TABLE) {
        it(`at ${expected.minor}`, () => {
            assert.deepEqual(
                featureGates(parseKubernetesVersion(`v${expected.minor}.3-eks-1`)),
                expected,
            );
        });
    }
});
