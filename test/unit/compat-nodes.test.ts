import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    checkNode,
    distroOf,
    FindingStatus,
    NodeInfo,
    parseContainerRuntime,
    parseKernelVersion,
    ubuntuRelease,
    worstStatus,
} from "../../lib";

/** One expected finding: check id, status, and a pattern its message (and remedy) must match. */
type Expect = [check: string, status: FindingStatus, words: RegExp];

interface Row {
    readonly title: string;
    readonly info: NodeInfo;
    readonly worst: FindingStatus;
    readonly findings: readonly Expect[];
}

const UBUNTU_22 = "Ubuntu 22.04.4 LTS";
const UBUNTU_24 = "Ubuntu 24.04.1 LTS";
const K515 = "5.15.0-1057-aws";
const K68 = "6.8.0-1017-gcp";

const OS_JAMMY: Expect = ["node.os", "ok", /^Ubuntu 22\.04 Jammy is supported$/];
const OS_NOBLE: Expect = ["node.os", "ok", /^Ubuntu 24\.04 Noble is supported$/];
const K_515_WARN: Expect = ["node.kernel", "warn", /kernel 5\.15\.0 lacks ID-mapped overlayfs/];
const K_OK = (v: string): Expect => [
    "node.kernel",
    "ok",
    new RegExp(`^kernel ${v.replace(/\./g, "\\.")} has ID-mapped mounts and overlayfs$`),
];
const CRIO_SWAP: Expect = [
    "node.runtime",
    "warn",
    /replaces it with CRI-O and restarts the kubelet/,
];
const AMD64: Expect = ["node.architecture", "ok", /^amd64 is supported$/];
const REFUSED = (name: RegExp, remedy: RegExp): Expect => [
    "node.os",
    "fail",
    new RegExp(`${name.source}[\\s\\S]*cannot run Sysbox[\\s\\S]*${remedy.source}`),
];

const ROWS: readonly Row[] = [
    {
        title: "EKS Ubuntu 22.04 on 5.15.0-1057-aws, containerd 1.7",
        info: {
            osImage: UBUNTU_22,
            kernelVersion: K515,
            containerRuntimeVersion: "containerd://1.7.12",
            architecture: "amd64",
        },
        worst: "warn",
        findings: [OS_JAMMY, K_515_WARN, CRIO_SWAP, AMD64],
    },
    {
        title: "GKE Ubuntu 24.04 on 6.8.0-1017-gcp, containerd 1.7",
        info: {
            osImage: UBUNTU_24,
            kernelVersion: K68,
            containerRuntimeVersion: "containerd://1.7.22",
            architecture: "amd64",
        },
        worst: "warn",
        findings: [OS_NOBLE, K_OK("6.8.0"), CRIO_SWAP, AMD64],
    },
    {
        title: "Ubuntu 24.04 on 6.8 with containerd 2.0.5",
        info: {
            osImage: "Ubuntu 24.04 LTS",
            kernelVersion: K68,
            containerRuntimeVersion: "containerd://2.0.5",
            architecture: "amd64",
        },
        worst: "ok",
        findings: [
            OS_NOBLE,
            K_OK("6.8.0"),
            [
                "node.runtime",
                "ok",
                /^containerd 2\.0\.5 supports user namespaces: Sysbox registers with containerd$/,
            ],
            AMD64,
        ],
    },
    {
        title: "Ubuntu 22.04 with containerd 2.0.3 (userns bug)",
        info: {
            osImage: UBUNTU_22,
            kernelVersion: "6.5.0-1025-azure",
            containerRuntimeVersion: "containerd://2.0.3",
        },
        worst: "warn",
        findings: [
            OS_JAMMY,
            K_OK("6.5.0"),
            ["node.runtime", "warn", /containerd 2\.0\.3 has a user-namespace bug[\s\S]*2\.0\.5\+/],
        ],
    },
    {
        title: "Ubuntu 22.04 with containerd 2.0.1 (userns bug)",
        info: {
            osImage: UBUNTU_22,
            kernelVersion: "6.5.0",
            containerRuntimeVersion: "containerd://2.0.1",
        },
        worst: "warn",
        findings: [
            OS_JAMMY,
            K_OK("6.5.0"),
            ["node.runtime", "warn", /2\.0\.1 has a user-namespace bug/],
        ],
    },
    {
        title: "Ubuntu 22.04 with containerd 2.0.4 (userns bug)",
        info: {
            osImage: UBUNTU_22,
            kernelVersion: "6.5.0",
            containerRuntimeVersion: "containerd://2.0.4",
        },
        worst: "warn",
        findings: [
            OS_JAMMY,
            K_OK("6.5.0"),
            ["node.runtime", "warn", /2\.0\.4 has a user-namespace bug/],
        ],
    },
    {
        title: "Ubuntu 22.04 with containerd 2.0.0",
        info: {
            osImage: UBUNTU_22,
            kernelVersion: "6.5.0",
            containerRuntimeVersion: "containerd://2.0.0",
        },
        worst: "ok",
        findings: [
            OS_JAMMY,
            K_OK("6.5.0"),
            ["node.runtime", "ok", /containerd 2\.0\.0 supports user namespaces/],
        ],
    },
    {
        title: "Ubuntu 24.04 with containerd 2.1",
        info: {
            osImage: UBUNTU_24,
            kernelVersion: K68,
            containerRuntimeVersion: "containerd://2.1.1",
        },
        worst: "ok",
        findings: [
            OS_NOBLE,
            K_OK("6.8.0"),
            ["node.runtime", "ok", /containerd 2\.1\.1 supports user namespaces/],
        ],
    },
    {
        title: "Ubuntu 22.04 with containerd 1.6",
        info: {
            osImage: UBUNTU_22,
            kernelVersion: K515,
            containerRuntimeVersion: "containerd://1.6.28",
        },
        worst: "warn",
        findings: [
            OS_JAMMY,
            K_515_WARN,
            [
                "node.runtime",
                "warn",
                /containerd 1\.6\.28: the installer replaces it with CRI-O[\s\S]*1–2 minute disruption/,
            ],
        ],
    },
    {
        title: "Ubuntu 22.04 with CRI-O",
        info: {
            osImage: UBUNTU_22,
            kernelVersion: "6.2.0-1019-aws",
            containerRuntimeVersion: "cri-o://1.29.2",
        },
        worst: "ok",
        findings: [
            OS_JAMMY,
            K_OK("6.2.0"),
            ["node.runtime", "ok", /^CRI-O cri-o:\/\/1\.29\.2: Sysbox registers with CRI-O$/],
        ],
    },
    {
        title: "Ubuntu 20.04 with docker (dockershim)",
        info: {
            osImage: "Ubuntu 20.04.6 LTS",
            kernelVersion: "5.4.0-1103-aws",
            containerRuntimeVersion: "docker://20.10.25",
        },
        worst: "fail",
        findings: [
            ["node.os", "ok", /Ubuntu 20\.04 Focal/],
            [
                "node.kernel",
                "warn",
                /kernel 5\.4\.0 lacks ID-mapped mounts \(5\.12\+\); Sysbox needs the shiftfs module[\s\S]*Secure Boot off/,
            ],
            [
                "node.runtime",
                "fail",
                /docker:\/\/20\.10\.25 \(dockershim \/ cri-dockerd\) is not supported[\s\S]*containerd or CRI-O/,
            ],
        ],
    },
    {
        title: "Ubuntu 20.04 on 5.4",
        info: { osImage: "Ubuntu 20.04.6 LTS", kernelVersion: "5.4.0-1103-aws" },
        worst: "warn",
        findings: [
            ["node.os", "ok", /Focal/],
            ["node.kernel", "warn", /shiftfs/],
        ],
    },
    {
        title: "Ubuntu 20.04 on 5.3 (below the 5.4 minimum)",
        info: { osImage: "Ubuntu 20.04 LTS", kernelVersion: "5.3.0-1035-aws" },
        worst: "fail",
        findings: [
            ["node.os", "ok", /Focal/],
            [
                "node.kernel",
                "fail",
                /kernel 5\.3\.0-1035-aws is below the 5\.4 minimum for this OS[\s\S]*upgrade the node image/,
            ],
        ],
    },
    {
        title: "Ubuntu 18.04 on 4.15 (fail)",
        info: {
            osImage: "Ubuntu 18.04.6 LTS",
            kernelVersion: "4.15.0-1113-aws",
            containerRuntimeVersion: "containerd://1.5.9",
            architecture: "amd64",
        },
        worst: "fail",
        findings: [
            ["node.os", "ok", /Ubuntu 18\.04 Bionic/],
            ["node.kernel", "fail", /kernel 4\.15\.0-1113-aws is below the 5\.3 minimum/],
            CRIO_SWAP,
            AMD64,
        ],
    },
    {
        title: "Ubuntu 18.04 HWE on 5.4",
        info: { osImage: "Ubuntu 18.04.6 LTS", kernelVersion: "5.4.0-1103-azure" },
        worst: "warn",
        findings: [
            ["node.os", "ok", /Bionic/],
            ["node.kernel", "warn", /shiftfs/],
        ],
    },
    {
        title: "Ubuntu 24.04 on 6.5 (below the 6.8 minimum)",
        info: { osImage: UBUNTU_24, kernelVersion: "6.5.0-1025-azure" },
        worst: "fail",
        findings: [OS_NOBLE, ["node.kernel", "fail", /below the 6\.8 minimum/]],
    },
    {
        title: "Ubuntu 21.10",
        info: { osImage: "Ubuntu 21.10", kernelVersion: "5.13.0-52-generic" },
        worst: "warn",
        findings: [
            ["node.os", "ok", /Ubuntu 21\.10 Impish/],
            ["node.kernel", "warn", /5\.13\.0 lacks ID-mapped overlayfs/],
        ],
    },
    {
        title: "Ubuntu 23.10 (not on Sysbox's list)",
        info: { osImage: "Ubuntu 23.10", kernelVersion: "6.5.0-1010-gcp" },
        worst: "warn",
        findings: [
            [
                "node.os",
                "warn",
                /Ubuntu release 23\.10 is not on Sysbox's list \(24\.04, 22\.04, 21\.10, 20\.04, 18\.04\)[\s\S]*22\.04 or 24\.04/,
            ],
            K_OK("6.5.0"),
        ],
    },
    {
        title: "Ubuntu with an unreadable kernel",
        info: { osImage: UBUNTU_22, kernelVersion: "unknown" },
        worst: "warn",
        findings: [
            OS_JAMMY,
            ["node.kernel", "warn", /kernel version "unknown" could not be read[\s\S]*uname -r/],
        ],
    },
    {
        title: "GKE COS",
        info: {
            osImage: "Container-Optimized OS from Google",
            kernelVersion: "6.1.58+",
            containerRuntimeVersion: "containerd://1.7.13",
            architecture: "amd64",
        },
        worst: "fail",
        findings: [REFUSED(/Container-Optimized OS/, /UBUNTU_CONTAINERD/), CRIO_SWAP, AMD64],
    },
    {
        title: "Bottlerocket",
        info: {
            osImage: "Bottlerocket OS 1.19.2 (aws-k8s-1.29)",
            kernelVersion: "6.1.72",
            containerRuntimeVersion: "containerd://1.6.28+bottlerocket",
        },
        worst: "fail",
        findings: [
            REFUSED(
                /Bottlerocket/,
                /read-only root[\s\S]*nestybox\/sysbox#588[\s\S]*Ubuntu EKS AMI/,
            ),
            CRIO_SWAP,
        ],
    },
    {
        title: "Amazon Linux 2",
        info: {
            osImage: "Amazon Linux 2",
            kernelVersion: "5.10.219-208.866.amzn2.x86_64",
            containerRuntimeVersion: "containerd://1.7.11",
        },
        worst: "fail",
        findings: [REFUSED(/Amazon Linux/, /nestybox\/sysbox#536/), CRIO_SWAP],
    },
    {
        title: "Amazon Linux 2023",
        info: {
            osImage: "Amazon Linux 2023.5.20240819",
            kernelVersion: "6.1.102-108.177.amzn2023.x86_64",
            architecture: "arm64",
        },
        worst: "fail",
        findings: [
            REFUSED(/Amazon Linux/, /Canonical Ubuntu EKS AMI/),
            ["node.architecture", "ok", /^arm64 is supported$/],
        ],
    },
    {
        title: "Windows",
        info: {
            osImage: "Windows Server 2022 Datacenter",
            kernelVersion: "10.0.20348.2529",
            containerRuntimeVersion: "containerd://1.6.21+azure",
            architecture: "amd64",
        },
        worst: "fail",
        findings: [REFUSED(/Windows/, /Linux-only/), CRIO_SWAP, AMD64],
    },
    {
        title: "AKS Azure Linux",
        info: { osImage: "Microsoft Azure Linux 3.0", kernelVersion: "6.6.47.1-1.azl3" },
        worst: "fail",
        findings: [REFUSED(/Azure Linux \/ CBL-Mariner/, /osSKU Ubuntu/)],
    },
    {
        title: "AKS CBL-Mariner",
        info: { osImage: "CBL-Mariner/Linux", kernelVersion: "5.15.160.1-1.cm2" },
        worst: "fail",
        findings: [REFUSED(/CBL-Mariner/, /apt/)],
    },
    {
        title: "Flatcar",
        info: {
            osImage: "Flatcar Container Linux by Kinvolk 3815.2.5 (Oklo)",
            kernelVersion: "6.1.96-flatcar",
        },
        worst: "fail",
        findings: [REFUSED(/Flatcar/, /Sysbox-EE/)],
    },
    {
        title: "OpenShift RHCOS",
        info: {
            osImage: "Red Hat Enterprise Linux CoreOS 415.92.202402201450-0 (Plow)",
            kernelVersion: "5.14.0-284.54.1.el9_2.x86_64",
            containerRuntimeVersion: "cri-o://1.28.3",
        },
        worst: "fail",
        findings: [REFUSED(/RHEL family/, /SELinux/), ["node.runtime", "ok", /CRI-O/]],
    },
    {
        title: "Rocky Linux",
        info: {
            osImage: "Rocky Linux 9.4 (Blue Onyx)",
            kernelVersion: "5.14.0-427.13.1.el9_4.x86_64",
        },
        worst: "fail",
        findings: [REFUSED(/RHEL family/, /Ubuntu nodes/)],
    },
    {
        title: "Debian 12",
        info: {
            osImage: "Debian GNU/Linux 12 (bookworm)",
            kernelVersion: "6.1.0-23-cloud-amd64",
            containerRuntimeVersion: "containerd://1.6.20",
        },
        worst: "warn",
        findings: [
            [
                "node.os",
                "warn",
                /Debian \("Debian GNU\/Linux 12 \(bookworm\)"\) is not tested with the Sysbox installer[\s\S]*work in progress on Debian/,
            ],
            K_OK("6.1.0"),
            CRIO_SWAP,
        ],
    },
    {
        title: "Debian 10 on 4.19 (below 5.5)",
        info: { osImage: "Debian GNU/Linux 10 (buster)", kernelVersion: "4.19.0-27-cloud-amd64" },
        worst: "fail",
        findings: [
            ["node.os", "warn", /Debian/],
            ["node.kernel", "fail", /below the 5\.5 minimum/],
        ],
    },
    {
        title: "Talos (unknown OS)",
        info: {
            osImage: "Talos (v1.7.5)",
            kernelVersion: "6.6.33-talos",
            containerRuntimeVersion: "containerd://1.7.18",
        },
        worst: "warn",
        findings: [
            [
                "node.os",
                "warn",
                /OS image "Talos \(v1\.7\.5\)" is not one cvmkit knows[\s\S]*Ubuntu 18\.04–24\.04/,
            ],
            K_OK("6.6.33"),
            CRIO_SWAP,
        ],
    },
    {
        title: "Ubuntu 24.04 on arm64",
        info: {
            osImage: UBUNTU_24,
            kernelVersion: "6.8.0-1012-azure",
            containerRuntimeVersion: "containerd://1.7.15-1",
            architecture: "arm64",
        },
        worst: "warn",
        findings: [OS_NOBLE, K_OK("6.8.0"), CRIO_SWAP, ["node.architecture", "ok", /arm64/]],
    },
    {
        title: "Ubuntu 22.04 on s390x",
        info: { osImage: UBUNTU_22, kernelVersion: "6.5.0", architecture: "s390x" },
        worst: "fail",
        findings: [
            OS_JAMMY,
            K_OK("6.5.0"),
            [
                "node.architecture",
                "fail",
                /architecture s390x is not supported by Sysbox[\s\S]*amd64 or arm64/,
            ],
        ],
    },
    {
        title: "Ubuntu 22.04 on ppc64le",
        info: { osImage: UBUNTU_22, kernelVersion: "6.5.0", architecture: "ppc64le" },
        worst: "fail",
        findings: [OS_JAMMY, K_OK("6.5.0"), ["node.architecture", "fail", /ppc64le/]],
    },
    {
        title: "an unknown container runtime",
        info: { osImage: UBUNTU_24, kernelVersion: K68, containerRuntimeVersion: "remote://1.0" },
        worst: "warn",
        findings: [
            OS_NOBLE,
            K_OK("6.8.0"),
            [
                "node.runtime",
                "warn",
                /container runtime "remote:\/\/1\.0" is not one the Sysbox installer knows/,
            ],
        ],
    },
    {
        title: "no runtime and no architecture reported",
        info: { osImage: UBUNTU_24, kernelVersion: K68 },
        worst: "ok",
        findings: [OS_NOBLE, K_OK("6.8.0")],
    },
];

describe("checkNode", () => {
    it("has a table of at least 30 node infos", () => {
        assert.ok(ROWS.length >= 30, `only ${ROWS.length}`);
    });

    for (const row of ROWS) {
        it(row.title, () => {
            const findings = checkNode(row.info);
            assert.deepEqual(
                findings.map((f) => [f.check, f.status]),
                row.findings.map(([check, status]) => [check, status]),
            );
            findings.forEach((f, i) => {
                const [, , words] = row.findings[i]!;
                assert.match([f.message, f.remedy].filter(Boolean).join("\n"), words, f.check);
                // Every warn and fail says what to do; ok findings carry no remedy.
                if (f.status === "ok") assert.equal(f.remedy, undefined, f.check);
                else assert.ok(f.remedy && f.remedy.length > 10, `${f.check} has a remedy`);
            });
            assert.equal(worstStatus(findings), row.worst);
        });
    }

    it("skips the kernel check for refused OS families", () => {
        const findings = checkNode({ osImage: "Bottlerocket OS 1.20.0", kernelVersion: "1.0" });
        assert.deepEqual(
            findings.map((f) => f.check),
            ["node.os"],
        );
    });

    it("worstStatus of nothing is ok", () => {
        assert.equal(worstStatus([]), "ok");
    });
});

describe("node fact parsers", () => {
    const KERNELS: readonly [string, [number, number, number] | undefined][] = [
        ["5.15.0-1057-aws", [5, 15, 0]],
        ["6.8.0-1017-gcp", [6, 8, 0]],
        ["6.1.94-99.176.amzn2023.x86_64", [6, 1, 94]],
        ["6.1.58+", [6, 1, 58]],
        ["5.4", [5, 4, 0]],
        ["  6.6.33-talos ", [6, 6, 33]],
        ["10.0.20348.2529", [10, 0, 20348]],
        ["unknown", undefined],
        ["", undefined],
        ["v5.15", undefined],
    ];
    for (const [input, expected] of KERNELS) {
        it(`parseKernelVersion(${JSON.stringify(input)})`, () => {
            const parsed = parseKernelVersion(input);
            assert.deepEqual(parsed && [parsed.major, parsed.minor, parsed.patch], expected);
        });
    }

    it("parseContainerRuntime", () => {
        assert.deepEqual(parseContainerRuntime("containerd://2.0.5"), {
            name: "containerd",
            version: { major: 2, minor: 0, patch: 5 },
        });
        assert.deepEqual(parseContainerRuntime("CRI-O://1.29.2"), {
            name: "cri-o",
            version: { major: 1, minor: 29, patch: 2 },
        });
        assert.deepEqual(parseContainerRuntime("containerd"), {
            name: "containerd",
            version: undefined,
        });
    });

    it("distroOf and ubuntuRelease", () => {
        assert.equal(distroOf("Ubuntu 22.04.4 LTS")?.id, "ubuntu");
        assert.equal(distroOf("Container-Optimized OS from Google")?.id, "cos");
        assert.equal(distroOf("Red Hat Enterprise Linux CoreOS 415")?.id, "rhel-family");
        assert.equal(distroOf("Talos (v1.7.5)"), undefined);
        assert.equal(ubuntuRelease("Ubuntu 24.04.1 LTS"), "24.04");
        assert.equal(ubuntuRelease("Debian GNU/Linux 12"), undefined);
    });
});
