import { CvmkitConfigError, CvmTaint } from "../compat";

/**
 * The node user data of Canonical Ubuntu EKS images and the cluster DNS address it needs. Pure.
 */

/** The cluster's service network, as EKS reports it in `kubernetesNetworkConfig`. */
export interface EksServiceNetwork {
    /** `ipv4` or `ipv6`. */
    readonly ipFamily?: string;
    /** The IPv4 service CIDR, e.g. `10.100.0.0/16`. */
    readonly serviceIpv4Cidr?: string;
    /** The IPv6 service CIDR EKS assigned to an IPv6 cluster. */
    readonly serviceIpv6Cidr?: string;
}

/** The `bootstrap.sh` flags for the cluster DNS: what `bootstrap.sh` would derive after `DescribeCluster`. */
export interface ClusterDnsFlags {
    readonly dnsClusterIp: string;
    /** Set for IPv6 clusters: `--ip-family ipv6 --service-ipv6-cidr …`. */
    readonly serviceIpv6Cidr?: string;
}

/**
 * The cluster DNS address of an EKS cluster, derived the way `bootstrap.sh` derives it when it describes the
 * cluster itself: the `.10` address of the IPv4 service CIDR (`${cidr%.*}.10`), or the service IPv6 CIDR's
 * prefix with `a` appended (`${cidr%/*}a`). With `--apiserver-endpoint` and `--b64-cluster-ca` the script
 * skips `DescribeCluster` and guesses `10.100.0.10` / `172.20.0.10` from the VPC CIDR, which is wrong for a
 * custom service CIDR and for IPv6 — so cvmkit always passes the derived address.
 *
 * Returns `undefined` when the network is not known (a bare cluster info without it): then the script's guess
 * applies, which matches EKS's default service CIDRs.
 *
 * @see https://github.com/awslabs/amazon-eks-ami/blob/main/templates/al2/runtime/bootstrap.sh
 */
export function clusterDnsFlags(network: EksServiceNetwork): ClusterDnsFlags | undefined {
    const family = (network.ipFamily ?? "").toLowerCase();
    if (family === "ipv6") {
        const cidr = network.serviceIpv6Cidr;
        if (!cidr || !cidr.includes(":")) {
            throw new CvmkitConfigError(
                "cluster.serviceIpv6Cidr",
                cidr,
                "an IPv6 EKS cluster needs its service IPv6 CIDR for the node bootstrap (--service-ipv6-cidr)",
                "pass a cvmkit/aws Cluster (it reads kubernetesNetworkConfig), or the cluster's serviceIpv6Cidr",
            );
        }
        return { dnsClusterIp: `${cidr.split("/")[0]}a`, serviceIpv6Cidr: cidr };
    }
    const cidr = network.serviceIpv4Cidr;
    if (!cidr) return undefined;
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr)) {
        throw new CvmkitConfigError(
            "cluster.serviceIpv4Cidr",
            cidr,
            "not an IPv4 CIDR",
            'pass the cluster\'s service CIDR, e.g. "10.100.0.0/16"',
        );
    }
    const network24 = cidr.split("/")[0]!.split(".").slice(0, 3).join(".");
    return { dnsClusterIp: `${network24}.10` };
}

/** What the node bootstrap needs. */
export interface BootstrapInput {
    readonly clusterName: string;
    readonly endpoint: string;
    readonly certificateAuthorityData: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly taint?: CvmTaint;
    readonly kubeletExtraArgs?: string;
    /** The cluster DNS flags ({@link clusterDnsFlags}); without them `bootstrap.sh` guesses. */
    readonly dns?: ClusterDnsFlags;
}

/** The MIME boundary of the user data. */
export const USER_DATA_BOUNDARY = "==CVMKIT==";

/**
 * The launch-template user data of a Canonical Ubuntu EKS node: a MIME multi-part document whose shell part
 * runs `/etc/eks/bootstrap.sh <cluster> --apiserver-endpoint … --b64-cluster-ca … [--ip-family ipv6
 * --service-ipv6-cidr …] --dns-cluster-ip … --kubelet-extra-args '--node-labels=… --register-with-taints=…'`.
 * With a custom AMI, EKS adds no bootstrap of its own, so the labels and taint must be registered by the kubelet
 * here. Not base64-encoded.
 */
export function bootstrapUserData(input: BootstrapInput): string {
    const labels = Object.entries(input.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    const kubelet = [
        `--node-labels=${labels}`,
        ...(input.taint
            ? [
                  `--register-with-taints=${input.taint.key}=${input.taint.value}:${input.taint.effect}`,
              ]
            : []),
        ...(input.kubeletExtraArgs ? [input.kubeletExtraArgs] : []),
    ].join(" ");
    const dns = input.dns
        ? [
              ...(input.dns.serviceIpv6Cidr
                  ? [
                        `  --ip-family ipv6 \\`,
                        `  --service-ipv6-cidr ${input.dns.serviceIpv6Cidr} \\`,
                    ]
                  : []),
              `  --dns-cluster-ip ${input.dns.dnsClusterIp} \\`,
          ]
        : [];
    const script = [
        "#!/bin/bash",
        "set -o xtrace",
        `/etc/eks/bootstrap.sh ${input.clusterName} \\`,
        `  --apiserver-endpoint ${input.endpoint} \\`,
        `  --b64-cluster-ca ${input.certificateAuthorityData} \\`,
        ...dns,
        `  --kubelet-extra-args '${kubelet}'`,
    ].join("\n");
    return [
        "MIME-Version: 1.0",
        `Content-Type: multipart/mixed; boundary="${USER_DATA_BOUNDARY}"`,
        "",
        `--${USER_DATA_BOUNDARY}`,
        'Content-Type: text/x-shellscript; charset="us-ascii"',
        "",
        script,
        "",
        `--${USER_DATA_BOUNDARY}--`,
        "",
    ].join("\n");
}
