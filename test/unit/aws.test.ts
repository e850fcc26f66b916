import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ContractRow, contractTable, runIsolated } from "../support/contract";
import { installMocks, MockRecorder, settle, valueOf } from "./stack-mocks";

let rec: MockRecorder;
let aws: typeof import("../../lib/aws");

before(async () => {
    rec = await installMocks();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    aws = require("../../lib/aws") as typeof import("../../lib/aws");
});
beforeEach(() => rec.reset());

function userDataOf(): string {
    const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
    return Buffer.from(String(lt.inputs["userData"]), "base64").toString("utf8");
}

describe("cvmkit/aws SysboxNodeGroup on a new Cluster", () => {
    it("looks up the Canonical AMI, boots it with bootstrap.sh and labels only sysbox-install", async () => {
        const cluster = new aws.Cluster("eks", {
            kubernetesVersion: "1.33",
            subnetIds: ["subnet-1", "subnet-2"],
            region: "eu-west-1",
            adminPrincipalArns: ["arn:aws:iam::123:role/admin"],
        });
        const nodes = new aws.SysboxNodeGroup("cvm", {
            cluster,
            kubernetesVersion: "1.33",
            instanceTypes: ["m6i.xlarge", "m6i.2xlarge"],
            sysboxRuntime: { enabled: true },
            taint: true,
        });
        assert.equal(await valueOf(nodes.amiId), "ami-0ubuntu");
        await settle(rec);

        const ssm = rec.calls.filter((c) => c.token === "aws:ssm/getParameter:getParameter");
        assert.deepEqual(
            ssm.map((c) => c.inputs["name"]),
            [
                "/aws/service/canonical/ubuntu/eks/22.04/1.33/stable/current/amd64/hvm/ebs-gp2/ami-id",
            ],
        );

        const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
        assert.equal(lt.inputs["imageId"], "ami-0ubuntu");
        assert.deepEqual(lt.inputs["blockDeviceMappings"], [
            {
                deviceName: "/dev/sda1",
                ebs: {
                    volumeSize: 100,
                    volumeType: "gp3",
                    encrypted: "true",
                    deleteOnTermination: "true",
                },
            },
        ]);
        assert.equal(
            lt.inputs["instanceType"],
            undefined,
            "instance types belong to the node group",
        );
        const ud = userDataOf();
        assert.match(
            ud,
            /^MIME-Version: 1.0\nContent-Type: multipart\/mixed; boundary="==CVMKIT=="/,
        );
        assert.match(ud, /Content-Type: text\/x-shellscript/);
        assert.match(ud, /\/etc\/eks\/bootstrap\.sh eks-eks \\/);
        assert.match(ud, /--apiserver-endpoint https:\/\/new\.eks\.example/);
        assert.match(ud, /--b64-cluster-ca TkVX/);
        assert.match(
            ud,
            /--kubelet-extra-args '--node-labels=cvmkit\.dev\/cvm-node=true --register-with-taints=cvmkit\.dev\/cvm-node=true:NoSchedule'/,
        );
        assert.doesNotMatch(ud, /sysbox-runtime/);
        assert.doesNotMatch(ud, /sysbox-install/, "EKS applies the node group's labels itself");

        const ng = rec.one("aws:eks/nodeGroup:NodeGroup");
        assert.equal(ng.inputs["version"], undefined, "no version with a custom AMI");
        assert.equal(ng.inputs["amiType"], undefined);
        assert.equal(ng.inputs["diskSize"], undefined, "disk size lives in the launch template");
        assert.equal(ng.inputs["clusterName"], "eks-eks");
        assert.deepEqual(ng.inputs["subnetIds"], ["subnet-1", "subnet-2"]);
        assert.deepEqual(ng.inputs["instanceTypes"], ["m6i.xlarge", "m6i.2xlarge"]);
        assert.deepEqual(ng.inputs["labels"], {
            "cvmkit.dev/cvm-node": "true",
            "sysbox-install": "yes",
        });
        assert.deepEqual(ng.inputs["taints"], [
            { key: "cvmkit.dev/cvm-node", value: "true", effect: "NO_SCHEDULE" },
        ]);
        assert.deepEqual(ng.inputs["launchTemplate"], { id: "cvm-lt-id", version: "3" });
        assert.deepEqual(ng.inputs["scalingConfig"], { minSize: 1, maxSize: 3, desiredSize: 1 });
        assert.equal(ng.inputs["nodeRoleArn"], "arn:aws:iam::123:role/cvm-node-role");

        const attachments = rec.resources.filter(
            (r) =>
                r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
                r.name.startsWith("cvm-"),
        );
        assert.deepEqual(attachments.map((a) => a.inputs["policyArn"]).sort(), [
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
        ]);
        for (const a of attachments) {
            assert.ok(ng.dependencies.includes(rec.urnOf(a)), `node group waits for ${a.name}`);
        }
        assert.equal(ng.parent, rec.urnOf(rec.one("cvmkit:aws:SysboxNodeGroup")));
    });

    it("creates a minimal EKS cluster with API access entries and an aws-eks-get-token kubeconfig", async () => {
        const cluster = new aws.Cluster("eks", {
            kubernetesVersion: "1.33",
            subnetIds: ["subnet-1", "subnet-2"],
            region: "eu-west-1",
            profile: "dev",
            adminPrincipalArns: ["arn:aws:iam::123:role/admin"],
        });
        const kubeconfig = await valueOf(cluster.kubeconfig);
        await settle(rec);
        const eks = rec.one("aws:eks/cluster:Cluster");
        assert.equal(eks.inputs["version"], "1.33");
        assert.deepEqual(eks.inputs["accessConfig"], {
            authenticationMode: "API",
            bootstrapClusterCreatorAdminPermissions: true,
        });
        assert.deepEqual((eks.inputs["vpcConfig"] as { subnetIds: string[] }).subnetIds, [
            "subnet-1",
            "subnet-2",
        ]);
        assert.equal(
            rec.one("aws:eks/accessEntry:AccessEntry").inputs["principalArn"],
            "arn:aws:iam::123:role/admin",
        );
        const assoc = rec.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        assert.equal(assoc.inputs["policyArn"], aws.CLUSTER_ADMIN_POLICY);
        assert.deepEqual(assoc.inputs["accessScope"], { type: "cluster" });

        const parsed = JSON.parse(kubeconfig) as {
            clusters: { cluster: { server: string } }[];
            users: { user: { exec: { command: string; args: string[]; env: unknown[] } } }[];
        };
        assert.equal(parsed.clusters[0]!.cluster.server, "https://new.eks.example");
        assert.equal(parsed.users[0]!.user.exec.command, "aws");
        assert.deepEqual(parsed.users[0]!.user.exec.args, [
            "eks",
            "get-token",
            "--cluster-name",
            "eks-eks",
            "--output",
            "json",
            "--region",
            "eu-west-1",
        ]);
        assert.deepEqual(parsed.users[0]!.user.exec.env, [{ name: "AWS_PROFILE", value: "dev" }]);
        assert.equal(await pulumi.isSecret(cluster.kubeconfig), true);
    });
});

describe("cvmkit/aws variants", () => {
    it("uses ebs-gp3 for Ubuntu 24.04 and arm64 for Graviton, a given role, no sysbox label when off", async () => {
        const nodes = new aws.SysboxNodeGroup("arm", {
            cluster: {
                clusterName: "prod",
                endpoint: "https://prod.example",
                certificateAuthorityData: "Q0E=",
            },
            subnetIds: ["subnet-9"],
            kubernetesVersion: "1.34",
            amiFamily: "Ubuntu2404",
            instanceTypes: ["m7g.xlarge"],
            nodeRoleArn: "arn:aws:iam::123:role/given",
            diskSizeGiB: 200,
        });
        await valueOf(nodes.amiId);
        await settle(rec);
        assert.deepEqual(
            rec.calls.map((c) => c.inputs["name"]),
            [
                "/aws/service/canonical/ubuntu/eks/24.04/1.34/stable/current/arm64/hvm/ebs-gp3/ami-id",
            ],
        );
        assert.equal(rec.resources.filter((r) => r.type === "aws:iam/role:Role").length, 0);
        const ng = rec.one("aws:eks/nodeGroup:NodeGroup");
        assert.equal(ng.inputs["nodeRoleArn"], "arn:aws:iam::123:role/given");
        assert.deepEqual(ng.inputs["labels"], { "cvmkit.dev/cvm-node": "true" });
        assert.deepEqual(ng.inputs["taints"], []);
        assert.match(
            userDataOf(),
            /--kubelet-extra-args '--node-labels=cvmkit\.dev\/cvm-node=true'/,
        );
        const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
        const bdm = lt.inputs["blockDeviceMappings"] as { ebs: { volumeSize: number } }[];
        assert.equal(bdm[0]!.ebs.volumeSize, 200);
    });

    it("takes an existing cluster by name through aws.eks.getCluster", async () => {
        const cluster = new aws.Cluster("prod", {
            existing: { name: "prod-eks" },
            region: "us-east-2",
        });
        assert.equal(await valueOf(cluster.kubernetesVersion), "1.33");
        assert.deepEqual(await valueOf(cluster.subnetIds), ["subnet-a", "subnet-b"]);
        const kubeconfig = JSON.parse(await valueOf(cluster.kubeconfig)) as {
            clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
        };
        assert.equal(kubeconfig.clusters[0]!.cluster.server, "https://existing.eks.example");
        assert.equal(kubeconfig.clusters[0]!.cluster["certificate-authority-data"], "RVhJU1RJTkc=");
        await settle(rec);
        assert.equal(rec.custom().length, 0, "nothing is created for an existing cluster");
        assert.deepEqual(
            rec.calls.map((c) => [c.token, c.inputs["name"]]),
            [["aws:eks/getCluster:getCluster", "prod-eks"]],
        );
    });

    it("renders the bootstrap user data as a pure function", () => {
        const text = aws.bootstrapUserData({
            clusterName: "c",
            endpoint: "https://e",
            certificateAuthorityData: "Q0E=",
            labels: { a: "b" },
            kubeletExtraArgs: "--max-pods=58",
        });
        assert.match(text, /--kubelet-extra-args '--node-labels=a=b --max-pods=58'/);
        assert.match(text, /\n--==CVMKIT==--\n$/);
        assert.equal(
            aws.canonicalAmiParameter("22.04", "1.31", "arm64"),
            "/aws/service/canonical/ubuntu/eks/22.04/1.31/stable/current/arm64/hvm/ebs-gp2/ami-id",
        );
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Contract table: the rules a real AWS account applies, asserted on the recorded inputs.

const CREATE = { kubernetesVersion: "1.33", subnetIds: ["subnet-1", "subnet-2"] };

function launchTemplate(r: MockRecorder): Record<string, unknown> {
    return r.one("aws:ec2/launchTemplate:LaunchTemplate").inputs;
}
function userData(r: MockRecorder): string {
    return Buffer.from(String(launchTemplate(r)["userData"]), "base64").toString("utf8");
}
function kubeconfigOf(c: { kubeconfig: pulumi.Output<string> }): Promise<{
    users: { user: { exec: { args: string[]; env?: { name: string; value: string }[] } } }[];
}> {
    return valueOf(c.kubeconfig).then((k) => JSON.parse(k));
}

const EKS_SOURCES = {
    tags: "hashicorp/terraform-provider-aws issues/13155; aws-cloudformation/cfn-lint issues/975 (InvalidTagSpecification: The tags cannot be null or empty)",
    bootstrap:
        "awslabs/amazon-eks-ami templates/al2/runtime/bootstrap.sh (DNS_CLUSTER_IP from SERVICE_IPV4_CIDR / SERVICE_IPV6_CIDR; eksctl pkg/nodebootstrap passes --dns-cluster-ip)",
    version:
        "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html (version: major.minor)",
    skew: "https://kubernetes.io/releases/version-skew-policy/#kubelet",
    ami: "https://documentation.ubuntu.com/aws/en/latest/aws-how-to/instances/find-ubuntu-images/ (stable/current moves with every release); https://www.pulumi.com/docs/iac/concepts/stash/",
    token: "https://docs.aws.amazon.com/cli/latest/reference/eks/get-token.html (--region, --role-arn; AWS_PROFILE)",
    cidr: "https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html (serviceIpv4Cidr: private, /12–/24)",
};

const AWS_CONTRACT: ContractRow[] = [
    {
        edge: "default args (no tags)",
        rule: "no tag specification with an empty tag map; no empty tag maps at all",
        source: EKS_SOURCES.tags,
        build: () => new aws.SysboxNodeGroup("cvm", { cluster: new aws.Cluster("eks", CREATE) }),
        check: (r) => {
            const lt = launchTemplate(r);
            assert.equal(lt["tagSpecifications"], undefined);
            assert.equal(lt["tags"], undefined);
            assert.equal(r.one("aws:eks/nodeGroup:NodeGroup").inputs["tags"], undefined);
        },
    },
    {
        edge: "tags",
        rule: "tags reach the instances and their volumes through tag specifications",
        source: EKS_SOURCES.tags,
        build: () =>
            new aws.SysboxNodeGroup("cvm", {
                cluster: new aws.Cluster("eks", CREATE),
                tags: { team: "dev" },
            }),
        check: (r) => {
            assert.deepEqual(launchTemplate(r)["tagSpecifications"], [
                { resourceType: "instance", tags: { team: "dev" } },
                { resourceType: "volume", tags: { team: "dev" } },
            ]);
            assert.deepEqual(r.one("aws:eks/nodeGroup:NodeGroup").inputs["tags"], { team: "dev" });
        },
    },
    {
        edge: "default service CIDR",
        rule: "bootstrap.sh gets --dns-cluster-ip = the .10 address of the cluster's service CIDR",
        source: EKS_SOURCES.bootstrap,
        build: () => new aws.SysboxNodeGroup("cvm", { cluster: new aws.Cluster("eks", CREATE) }),
        check: (r) => {
            assert.match(
                userData(r),
                /--b64-cluster-ca TkVX \\\n {2}--dns-cluster-ip 10\.100\.0\.10 \\\n/,
            );
            assert.doesNotMatch(userData(r), /--ip-family/);
        },
    },
    {
        edge: "custom service CIDR",
        rule: "a custom serviceIpv4Cidr reaches EKS and the node DNS address follows it",
        source: `${EKS_SOURCES.cidr}; ${EKS_SOURCES.bootstrap}`,
        build: () =>
            new aws.SysboxNodeGroup("cvm", {
                cluster: new aws.Cluster("eks", { ...CREATE, serviceIpv4Cidr: "10.200.0.0/16" }),
            }),
        check: (r) => {
            assert.deepEqual(r.one("aws:eks/cluster:Cluster").inputs["kubernetesNetworkConfig"], {
                serviceIpv4Cidr: "10.200.0.0/16",
            });
            assert.match(userData(r), /--dns-cluster-ip 10\.200\.0\.10 \\/);
        },
    },
    {
        edge: "IPv6 (new cluster)",
        rule: "IPv6 nodes get --ip-family ipv6, the service IPv6 CIDR and its ::a DNS address",
        source: EKS_SOURCES.bootstrap,
        build: () =>
            new aws.SysboxNodeGroup("cvm", {
                cluster: new aws.Cluster("eks", { ...CREATE, ipFamily: "ipv6" }),
            }),
        check: (r) => {
            assert.deepEqual(r.one("aws:eks/cluster:Cluster").inputs["kubernetesNetworkConfig"], {
                ipFamily: "ipv6",
            });
            assert.match(
                userData(r),
                / {2}--ip-family ipv6 \\\n {2}--service-ipv6-cidr fd00:ec2:10::\/108 \\\n {2}--dns-cluster-ip fd00:ec2:10::a \\\n/,
            );
        },
    },
    {
        edge: "IPv6 (looked-up cluster)",
        rule: "the looked-up kubernetesNetworkConfig decides the node DNS flags",
        source: EKS_SOURCES.bootstrap,
        build: () =>
            new aws.SysboxNodeGroup("cvm", {
                cluster: new aws.Cluster("v6", { existing: { name: "ipv6-eks" } }),
            }),
        check: (r) => {
            assert.match(userData(r), /--service-ipv6-cidr fd30:1c53:5f8::\/108/);
            assert.match(userData(r), /--dns-cluster-ip fd30:1c53:5f8::a/);
        },
    },
    {
        edge: "v-prefixed version",
        rule: "EKS takes major.minor: v1.33.2-eks-abc reaches CreateCluster as 1.33",
        source: EKS_SOURCES.version,
        build: () =>
            new aws.SysboxNodeGroup("cvm", {
                cluster: new aws.Cluster("eks", {
                    ...CREATE,
                    kubernetesVersion: "v1.33.2-eks-abc",
                }),
            }),
        check: (r) => {
            assert.equal(r.one("aws:eks/cluster:Cluster").inputs["version"], "1.33");
            assert.match(
                String(r.calls.find((c) => c.token.includes("getParameter"))?.inputs["name"]),
                /\/eks\/22\.04\/1\.33\/stable\//,
            );
        },
    },
    {
        edge: "existing cluster, pool without a version",
        rule: "the node group takes the looked-up control plane version for its image",
        source: `${EKS_SOURCES.skew}; ${EKS_SOURCES.ami}`,
        build: () =>
            new aws.SysboxNodeGroup("cvm", {
                cluster: new aws.Cluster("prod", { existing: { name: "prod-eks" } }),
            }),
        check: (r) => {
            assert.deepEqual(
                r.calls.map((c) => String(c.inputs["name"])),
                [
                    "prod-eks",
                    "/aws/service/canonical/ubuntu/eks/22.04/1.33/stable/current/amd64/hvm/ebs-gp2/ami-id",
                ],
            );
            assert.equal(r.one("aws:eks/nodeGroup:NodeGroup").inputs["version"], undefined);
            assert.match(userData(r), /--dns-cluster-ip 172\.20\.0\.10/);
        },
    },
    {
        edge: "AMI pinned (no amiId)",
        rule: "the SSM image is read once and kept in state; the launch template boots the kept image",
        source: EKS_SOURCES.ami,
        build: () => new aws.SysboxNodeGroup("cvm", { cluster: new aws.Cluster("eks", CREATE) }),
        check: (r) => {
            const stash = r.one("pulumi:index:Stash", "cvm-ami");
            assert.deepEqual(stash.inputs["input"], {
                parameter:
                    "/aws/service/canonical/ubuntu/eks/22.04/1.33/stable/current/amd64/hvm/ebs-gp2/ami-id",
                imageId: "ami-0ubuntu",
            });
            assert.equal(launchTemplate(r)["imageId"], "ami-0ubuntu");
        },
    },
    {
        edge: "AMI pinned (amiId)",
        rule: "an explicit amiId is the image: no SSM lookup, no stash",
        source: EKS_SOURCES.ami,
        build: () =>
            new aws.SysboxNodeGroup("cvm", {
                cluster: new aws.Cluster("eks", CREATE),
                amiId: "ami-0pinned",
            }),
        check: (r) => {
            assert.equal(launchTemplate(r)["imageId"], "ami-0pinned");
            assert.deepEqual(
                r.resources
                    .filter((x) => x.type === "pulumi:index:Stash" && x.name.endsWith("-ami"))
                    .map((x) => x.name),
                [],
                "no AMI stash (the Day-2 stashes are the node-roll sentinels and the label memory)",
            );
            assert.equal(r.calls.filter((c) => c.token.includes("getParameter")).length, 0);
        },
    },
    {
        edge: "kubeconfig (new cluster)",
        rule: "aws eks get-token gets the cluster's region (from its ARN), --role-arn and the profile",
        source: EKS_SOURCES.token,
        build: async () => {
            const c = new aws.Cluster("eks", {
                ...CREATE,
                authRoleArn: "arn:aws:iam::123456789012:role/deploy",
                profile: "ci",
            });
            const exec = (await kubeconfigOf(c)).users[0]!.user.exec;
            assert.deepEqual(exec.args.slice(6), [
                "--region",
                "eu-west-1",
                "--role-arn",
                "arn:aws:iam::123456789012:role/deploy",
            ]);
            assert.deepEqual(exec.env, [{ name: "AWS_PROFILE", value: "ci" }]);
        },
        check: () => undefined,
    },
    {
        edge: "kubeconfig (existing cluster)",
        rule: "the looked-up cluster's region is written into aws eks get-token",
        source: EKS_SOURCES.token,
        build: async () => {
            const c = new aws.Cluster("prod", { existing: { name: "prod-eks" } });
            const exec = (await kubeconfigOf(c)).users[0]!.user.exec;
            assert.deepEqual(exec.args.slice(6), ["--region", "us-east-2"]);
            assert.equal(exec.env, undefined);
        },
        check: () => undefined,
    },
];

contractTable("AWS (EKS)", AWS_CONTRACT, () => rec, settle);

describe("cvmkit/aws refusals that need the looked-up cluster", () => {
    it("a node version newer than the looked-up control plane fails the deployment, naming the field", () => {
        const run = runIsolated(
            "aws",
            `new cvmkit.SysboxNodeGroup("cvm", { cluster: new cvmkit.Cluster("prod", { existing: { name: "prod-eks" } }), kubernetesVersion: "1.34" });`,
        );
        assert.ok(
            run.errors.some((e) =>
                /kubernetesVersion: the nodes would run Kubernetes 1\.34, newer than the control plane \(1\.33\).*\(got "1\.34"\)\. Fix: use 1\.33 or older/.test(
                    e,
                ),
            ),
            run.errors.join("\n"),
        );
        assert.ok(!run.types.includes("aws:eks/nodeGroup:NodeGroup"), "no node group is created");
    });

    it("the installer range is checked against the looked-up version", () => {
        const run = runIsolated(
            "aws",
            `new cvmkit.SysboxNodeGroup("cvm", { cluster: { clusterName: "c", endpoint: "https://e", certificateAuthorityData: "Q0E=", subnetIds: ["s"], kubernetesVersion: pulumi.output("1.31") }, sysboxRuntime: { enabled: true } });`,
        );
        assert.ok(
            run.errors.some((e) =>
                /cluster\.kubernetesVersion: the Sysbox runtime installer v0\.7\.1-0 supports Kubernetes 1\.32–1\.35 only, not 1\.31 \(got "1\.31"\)\. Fix:/.test(
                    e,
                ),
            ),
            run.errors.join("\n"),
        );
    });

    it("refuses a private-range violation and a bad role ARN before anything is registered", () => {
        assert.throws(
            () => new aws.Cluster("x", { ...CREATE, serviceIpv4Cidr: "8.8.0.0/16" }),
            /serviceIpv4Cidr: EKS takes a private IPv4 block.*\(got "8\.8\.0\.0\/16"\)\. Fix:/,
        );
        assert.throws(
            () => new aws.Cluster("x", { ...CREATE, authRoleArn: "deploy" }),
            /authRoleArn: not an IAM role ARN \(got "deploy"\)/,
        );
    });
});

describe("cvmkit/aws without @pulumi/aws", () => {
    it("fails with a message naming the optional peer dependency and how to install it", () => {
        const lib = path.resolve(__dirname, "..", "..", "lib", "aws");
        const script = `
const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (request === "@pulumi/aws" || request.startsWith("@pulumi/aws/")) {
        const e = new Error("Cannot find module '" + request + "'"); e.code = "MODULE_NOT_FOUND"; throw e;
    }
    return resolve.call(this, request, ...rest);
};
try { require(${JSON.stringify(lib)}); process.stdout.write("loaded"); } catch (e) { process.stdout.write(e.message); }
`;
        const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
        assert.equal(
            out,
            'cvmkit/aws needs @pulumi/aws, an optional peer dependency of cvmkit that is not installed. Fix: npm install @pulumi/aws@"^7.48.0" (the range cvmkit is tested with), next to @pulumi/pulumi.',
        );
    });
});
