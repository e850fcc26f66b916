import {
    assertChoice,
    assertCvmKubernetesVersion,
    assertInstallerSupports,
    atLeast,
    CpuArchitecture,
    CvmkitConfigError,
    formatMinor,
    KubernetesVersion,
    SysboxInstallerRelease,
} from "../compat";

/**
 * The node image of `cvmkit/aws` node groups: the Canonical Ubuntu EKS image families, the minors each is
 * published for, and the public SSM parameter of the image. Pure.
 */

/**
 * Canonical Ubuntu EKS image families (eksctl `amiFamily` names).
 *
 * - `Ubuntu2004`: Ubuntu 20.04 (EKS 1.29 and older).
 * - `Ubuntu2204`: Ubuntu 22.04 (EKS 1.29+).
 * - `Ubuntu2404`: Ubuntu 24.04 (EKS 1.31+).
 */
export type UbuntuAmiFamily = (typeof UBUNTU_AMI_FAMILY_NAMES)[number];
/** The {@link UbuntuAmiFamily} names. */
export const UBUNTU_AMI_FAMILY_NAMES = ["Ubuntu2004", "Ubuntu2204", "Ubuntu2404"] as const;

/** The node image of a node group: decided by the node minor. */
export interface NodeImage {
    /** The node version the image is for. */
    readonly version: KubernetesVersion;
    readonly amiFamily: UbuntuAmiFamily;
    /** `22.04` etc. */
    readonly ubuntuRelease: string;
    /** The SSM parameter of the AMI (also when `amiId` overrides it). */
    readonly amiParameter: string;
}

/** The Ubuntu release and the EKS minors Canonical publishes it for. */
export const UBUNTU_AMI_FAMILIES: Readonly<
    Record<UbuntuAmiFamily, { release: string; minMinor?: number; maxMinor?: number }>
> = {
    Ubuntu2004: { release: "20.04", maxMinor: 29 },
    Ubuntu2204: { release: "22.04", minMinor: 29 },
    Ubuntu2404: { release: "24.04", minMinor: 31 },
};

const REFUSED_AMI_FAMILIES: Readonly<Record<string, string>> = {
    AmazonLinux2023:
        "Amazon Linux 2023 cannot run the Sysbox installer (nestybox/sysbox#536; distro not supported)",
    AL2023: "Amazon Linux 2023 cannot run the Sysbox installer (nestybox/sysbox#536; distro not supported)",
    AmazonLinux2: "Amazon Linux 2 cannot run the Sysbox installer (nestybox/sysbox#536)",
    AL2: "Amazon Linux 2 cannot run the Sysbox installer (nestybox/sysbox#536)",
    Bottlerocket:
        "Bottlerocket's read-only root file system blocks the Sysbox installer (nestybox/sysbox#588)",
    BOTTLEROCKET:
        "Bottlerocket's read-only root file system blocks the Sysbox installer (nestybox/sysbox#588)",
    Windows: "Sysbox is Linux-only",
    WINDOWS: "Sysbox is Linux-only",
    UbuntuPro: "Ubuntu Pro EKS images are not wired into cvmkit yet",
};

/**
 * The public SSM parameter Canonical publishes the current Ubuntu EKS AMI under:
 * `/aws/service/canonical/ubuntu/eks/<release>/<minor>/stable/current/<arch>/hvm/<volume>/ami-id`; 24.04 images
 * are published for `ebs-gp3`, older releases for `ebs-gp2`.
 *
 * @see https://documentation.ubuntu.com/aws/en/latest/aws-how-to/instances/find-ubuntu-images/
 */
export function canonicalAmiParameter(
    ubuntuRelease: string,
    kubernetesMinor: string,
    architecture: CpuArchitecture,
): string {
    const volume = ubuntuRelease === "24.04" ? "ebs-gp3" : "ebs-gp2";
    return `/aws/service/canonical/ubuntu/eks/${ubuntuRelease}/${kubernetesMinor}/stable/current/${architecture}/hvm/${volume}/ami-id`;
}

/** The amiFamily, when it is one; the Amazon Linux, Bottlerocket and Windows families are refused with why. */
export function assertAmiFamily(value: unknown): UbuntuAmiFamily {
    return assertChoice(
        "amiFamily",
        value,
        UBUNTU_AMI_FAMILY_NAMES,
        REFUSED_AMI_FAMILIES,
        'use a Canonical Ubuntu EKS image family: "Ubuntu2204" (EKS 1.29+) or "Ubuntu2404" (EKS 1.31+)',
    );
}

/**
 * The node image for a node version: the image family (default `Ubuntu2204` on 1.29+, `Ubuntu2004` below)
 * checked against the minors Canonical publishes it for, and the SSM parameter. When the version comes from the
 * looked-up cluster, it is also checked against the CVM floor and the Sysbox installer's range here.
 *
 * @param field the input the version came from (`kubernetesVersion` or `cluster.kubernetesVersion`).
 */
export function resolveNodeImage(
    args: { readonly amiFamily?: UbuntuAmiFamily },
    pool: { readonly architecture: CpuArchitecture; readonly sysbox?: SysboxInstallerRelease },
    version: KubernetesVersion,
    field: string,
): NodeImage {
    assertCvmKubernetesVersion(version, field);
    if (pool.sysbox) assertInstallerSupports(pool.sysbox, version, field);
    const defaultFamily: UbuntuAmiFamily = atLeast(version, 1, 29) ? "Ubuntu2204" : "Ubuntu2004";
    const amiFamily = assertAmiFamily(args.amiFamily ?? defaultFamily);
    const family = UBUNTU_AMI_FAMILIES[amiFamily];
    if (
        (family.minMinor !== undefined && version.minor < family.minMinor) ||
        (family.maxMinor !== undefined && version.minor > family.maxMinor)
    ) {
        const range =
            family.minMinor !== undefined ? `1.${family.minMinor}+` : `up to 1.${family.maxMinor}`;
        throw new CvmkitConfigError(
            "amiFamily",
            amiFamily,
            `Canonical publishes ${amiFamily} EKS images for Kubernetes ${range}, not ${formatMinor(version)}`,
            version.minor >= 29
                ? 'use "Ubuntu2204" (or "Ubuntu2404" on 1.31+)'
                : 'use "Ubuntu2004" or move the cluster to 1.29+',
        );
    }

    return {
        version,
        amiFamily,
        ubuntuRelease: family.release,
        amiParameter: canonicalAmiParameter(
            family.release,
            formatMinor(version),
            pool.architecture,
        ),
    };
}
