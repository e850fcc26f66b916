/**
 * The Sysbox installer matrix: each `sysbox-deploy-k8s` release and the Kubernetes minors its script
 * accepts, with lookups, the range check and {@link newestMinor}.
 */
import { CvmkitConfigError } from "./errors";
import { formatMinor, KubernetesVersion } from "./version";

/** The upstream installer image repository (`sysbox-deploy-k8s`). */
export const SYSBOX_INSTALLER_REPOSITORY = "registry.nestybox.com/nestybox/sysbox-deploy-k8s";

/** One release of the Sysbox Kubernetes installer and the Kubernetes minors its script accepts. */
export interface SysboxInstallerRelease {
    /** Image tag of `sysbox-deploy-k8s`. */
    readonly tag: string;
    /** Sysbox version the image installs. */
    readonly sysboxVersion: string;
    /** Kubernetes minors the installer script accepts (`is_supported_k8s_version`), e.g. `["1.32", ...]`. */
    readonly kubernetesMinors: readonly string[];
    /** Where the minors list comes from. */
    readonly source: string;
}

/**
 * The Sysbox installer matrix, newest first. The installer dies with "Sysbox is not supported
 * on this Kubernetes version" on any minor not listed for its tag.
 *
 * @see https://github.com/nestybox/sysbox/blob/master/docs/user-guide/install-k8s.md
 */
export const SYSBOX_INSTALLER_RELEASES: readonly SysboxInstallerRelease[] = [
    {
        tag: "v0.7.1-0",
        sysboxVersion: "0.7.1",
        kubernetesMinors: ["1.32", "1.33", "1.34", "1.35"],
        source: "nestybox/sysbox PR #1042 (image tag only; v0.7.1 notes list no Kubernetes change from v0.7.0)",
    },
    {
        tag: "v0.7.0-0",
        sysboxVersion: "0.7.0",
        kubernetesMinors: ["1.32", "1.33", "1.34", "1.35"],
        source: "nestybox/sysbox docs/user-guide/install-k8s.md @27cb713f, CHANGELOG 0.7.0",
    },
    {
        tag: "v0.6.7-0",
        sysboxVersion: "0.6.7",
        kubernetesMinors: ["1.29", "1.30", "1.31", "1.32"],
        source: "sysbox-pkgr sysbox-deploy-k8s.sh is_supported_k8s_version @47ab416",
    },
    {
        tag: "v0.6.6-0",
        sysboxVersion: "0.6.6",
        kubernetesMinors: ["1.28", "1.29", "1.30", "1.31"],
        source: "sysbox-pkgr @95761e2",
    },
    {
        tag: "v0.6.5-0.1",
        sysboxVersion: "0.6.5",
        kubernetesMinors: ["1.27", "1.28", "1.29", "1.30"],
        source: "sysbox CHANGELOG 0.6.5 (plain v0.6.5 wrongly rejects 1.29, nestybox/sysbox#864)",
    },
    {
        tag: "v0.6.4",
        sysboxVersion: "0.6.4",
        kubernetesMinors: ["1.26", "1.27", "1.28"],
        source: "install-k8s.md @v0.6.4",
    },
];

/** The installer release cvmkit deploys unless told otherwise. */
export const DEFAULT_SYSBOX_INSTALLER: SysboxInstallerRelease = SYSBOX_INSTALLER_RELEASES[0]!;

/**
 * The newest Kubernetes minor an installer release accepts, e.g. `"1.35"`: the version cvmkit checks
 * settings against when the cluster's own is not known. The release is the one tagged `installerTag`,
 * or {@link DEFAULT_SYSBOX_INSTALLER} without a tag or for a tag cvmkit does not know.
 */
export function newestMinor(installerTag?: string): string {
    const release =
        SYSBOX_INSTALLER_RELEASES.find((r) => r.tag === installerTag) ?? DEFAULT_SYSBOX_INSTALLER;
    return release.kubernetesMinors[release.kubernetesMinors.length - 1]!;
}

/** Describes a release's minors as a range, e.g. `1.32–1.35`. */
export function describeMinors(release: SysboxInstallerRelease): string {
    const minors = release.kubernetesMinors;
    return minors.length === 1 ? minors[0]! : `${minors[0]}–${minors[minors.length - 1]}`;
}

/** Finds a release by tag; throws a {@link CvmkitConfigError} naming the known tags otherwise. */
export function findInstallerRelease(
    tag: string,
    field = "sysboxRuntime.installerTag",
): SysboxInstallerRelease {
    const release = SYSBOX_INSTALLER_RELEASES.find((r) => r.tag === tag);
    if (!release) {
        throw new CvmkitConfigError(
            field,
            tag,
            "not a Sysbox installer tag cvmkit knows the Kubernetes range of",
            `use one of ${SYSBOX_INSTALLER_RELEASES.map((r) => r.tag).join(", ")}`,
        );
    }
    return release;
}

/** The releases whose installer accepts this minor, newest first. */
export function installerReleasesFor(v: KubernetesVersion): SysboxInstallerRelease[] {
    const minor = formatMinor(v);
    return SYSBOX_INSTALLER_RELEASES.filter((r) => r.kubernetesMinors.includes(minor));
}

/**
 * The installer release used when no tag is pinned: the newest release that accepts the cluster's minor, so
 * the tag follows the cluster through upgrades. For a minor no release accepts, {@link DEFAULT_SYSBOX_INSTALLER}
 * (and {@link assertInstallerSupports} then names the supported range).
 */
export function defaultInstallerFor(v: KubernetesVersion): SysboxInstallerRelease {
    return installerReleasesFor(v)[0] ?? DEFAULT_SYSBOX_INSTALLER;
}

/**
 * Throws unless `release`'s installer accepts the cluster's minor. The message names the
 * supported range, the installer tags that would accept the minor, and the supervisor mode,
 * which needs no node install.
 */
export function assertInstallerSupports(
    release: SysboxInstallerRelease,
    v: KubernetesVersion,
    field = "kubernetesVersion",
): void {
    const minor = formatMinor(v);
    if (release.kubernetesMinors.includes(minor)) {
        return;
    }
    const alternatives = installerReleasesFor(v).map((r) => r.tag);
    const pin =
        alternatives.length > 0
            ? `pin sysboxRuntime.installerTag to ${alternatives.join(" or ")} (accepts ${minor}), `
            : "";
    throw new CvmkitConfigError(
        field,
        v.raw,
        `the Sysbox runtime installer ${release.tag} supports Kubernetes ${describeMinors(release)} only, not ${minor}`,
        `${pin}move the cluster to Kubernetes ${describeMinors(release)}, or turn the Sysbox runtime off ` +
            "(sysboxRuntime.enabled=false) and use the supervisor mode, which runs Sysbox inside the privileged " +
            "supervisor pod and needs no node install",
    );
}

/** The full installer image reference for a release. */
export function installerImage(
    release: SysboxInstallerRelease,
    repository = SYSBOX_INSTALLER_REPOSITORY,
): string {
    return `${repository}:${release.tag}`;
}
