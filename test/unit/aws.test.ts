import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
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
            /--kubelet-extra-args '--node-labels=cvmkit\.dev\/cvm-node=true,sysbox-install=yes --register-with-taints=cvmkit\.dev\/cvm-node=true:NoSchedule'/,
        );
        assert.doesNotMatch(ud, /sysbox-runtime/);

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
