/**
 * Recorded Pulumi mocks for the cloud shell and stack tests (after pulumi-awsx's `repository.test.ts`):
 * every `newResource` call is recorded with its inputs, and — by wrapping the mock monitor — with the parent
 * and the dependency URNs the SDK sent (explicit `dependsOn` plus implicit property dependencies). Unmocked
 * invokes throw.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registered resource. */
export interface Recorded {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly custom: boolean;
    readonly provider?: string;
    /** URN of the parent, as sent to the monitor. */
    parent?: string;
    /** URNs this resource depends on (`dependsOn` expanded plus property dependencies). */
    dependencies: string[];
    /** URN (mock scheme: `urn:pulumi:stack::project::<parent types$>type::name`). */
    urn?: string;
}

/** One invoke. */
export interface RecordedCall {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
}

export type CallMock = (inputs: Record<string, unknown>) => Record<string, unknown>;

/** A kubeconfig an AKS user-credentials call returns (YAML). */
export const AKS_KUBECONFIG =
    "apiVersion: v1\nkind: Config\nclusters:\n- name: aks\n  cluster:\n    server: https://aks.example\n";

/** Invokes every test may need. */
export const DEFAULT_CALLS: Readonly<Record<string, CallMock>> = {
    "aws:ssm/getParameter:getParameter": (i) => ({
        name: i["name"],
        value: "ami-0ubuntu",
        type: "String",
        insecureValue: "ami-0ubuntu",
    }),
    "aws:eks/getCluster:getCluster": (i) => ({
        name: i["name"],
        endpoint: "https://existing.eks.example",
        certificateAuthorities: [{ data: "RVhJU1RJTkc=" }],
        version: "1.33",
        vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] },
    }),
    "gcp:organizations/getClientConfig:getClientConfig": () => ({ project: "proj" }),
    "gcp:container/getCluster:getCluster": (i) => ({
        name: i["name"],
        location: i["location"],
        project: "proj",
        endpoint: "10.0.0.1",
        masterAuths: [{ clusterCaCertificate: "Q0E=" }],
        masterVersion: "1.33.2-gke.1000",
        enableAutopilot: i["name"] === "autopilot",
    }),
    "azure-native:containerservice:listManagedClusterUserCredentials": () => ({
        kubeconfigs: [
            { name: "clusterUser", value: Buffer.from(AKS_KUBECONFIG).toString("base64") },
        ],
    }),
    "azure-native:containerservice:getManagedCluster": (i) => ({
        name: i["resourceName"],
        id: `/subscriptions/sub/resourceGroups/${String(i["resourceGroupName"])}/providers/Microsoft.ContainerService/managedClusters/${String(i["resourceName"])}`,
        currentKubernetesVersion: "1.33.1",
        addonProfiles: { azurepolicy: { enabled: true } },
    }),
};

/** Outputs the mocked providers compute (beyond echoing inputs). */
function computed(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    switch (type) {
        case "aws:eks/cluster:Cluster":
            return {
                name: inputs["name"] ?? `${name}-eks`,
                endpoint: "https://new.eks.example",
                certificateAuthority: { data: "TkVX" },
                arn: `arn:aws:eks:eu-west-1:123:cluster/${name}`,
            };
        case "aws:iam/role:Role":
            return { name: `${name}-x`, arn: `arn:aws:iam::123:role/${name}` };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { latestVersion: 3 };
        case "aws:eks/nodeGroup:NodeGroup":
            return { nodeGroupName: `${name}-ng` };
        case "gcp:container/cluster:Cluster":
            return {
                name: inputs["name"] ?? `${name}-gke`,
                endpoint: "34.0.0.1",
                masterAuth: { clusterCaCertificate: "Q0E=" },
                masterVersion: `${String(inputs["minMasterVersion"])}.5-gke.100`,
                project: inputs["project"] ?? "proj",
            };
        case "gcp:container/nodePool:NodePool":
            return { name: inputs["name"] ?? `${name}-pool` };
        case "azure-native:resources:ResourceGroup":
            return { name: inputs["resourceGroupName"] ?? `${name}-rg` };
        case "azure-native:containerservice:ManagedCluster":
            return {
                name: inputs["resourceName"] ?? `${name}-aks`,
                currentKubernetesVersion: inputs["kubernetesVersion"],
            };
        default:
            return {};
    }
}

/** The recorder installed by {@link installMocks}. */
export interface MockRecorder {
    readonly resources: Recorded[];
    readonly calls: RecordedCall[];
    /** Forget everything recorded so far. */
    reset(): void;
    /** Custom resources only. */
    custom(): Recorded[];
    /** The one resource of `type` (and `name`, when given); throws otherwise. */
    one(type: string, name?: string): Recorded;
    /** URN of a recorded resource. */
    urnOf(r: Recorded): string;
}

/**
 * Installs recorded mocks. Call (and await) before loading the module under test.
 */
export async function installMocks(
    calls: Readonly<Record<string, CallMock>> = DEFAULT_CALLS,
): Promise<MockRecorder> {
    const resources: Recorded[] = [];
    const recordedCalls: RecordedCall[] = [];
    const pending = new Map<string, { parent: string; dependencies: string[] }>();
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const inputs = args.inputs as Record<string, unknown>;
                const key = `${args.type}::${args.name}`;
                const wire = pending.get(key);
                resources.push({
                    type: args.type,
                    name: args.name,
                    inputs,
                    custom: Boolean(args.custom),
                    ...(args.provider ? { provider: args.provider } : {}),
                    ...(wire?.parent ? { parent: wire.parent } : {}),
                    dependencies: wire?.dependencies ?? [],
                });
                return {
                    id: args.custom ? `${args.name}-id` : undefined,
                    state: { ...inputs, ...computed(args.type, args.name, inputs) },
                };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                recordedCalls.push({ token: args.token, inputs: args.inputs });
                const mock = calls[args.token];
                if (!mock) {
                    throw new Error(`unmocked invoke ${args.token}`);
                }
                return mock(args.inputs);
            },
        },
        "project",
        "stack",
        false,
    );
    // Wrap the mock monitor to see what MockResourceArgs leaves out: parent and dependencies.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        getMonitor(): { registerResource: (req: RegisterRequest, cb: unknown) => unknown };
    };
    const monitor = settings.getMonitor();
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, cb: unknown) => {
        pending.set(`${req.getType()}::${req.getName()}`, {
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
        });
        return original(req, cb);
    };
    const urnOf = (r: Recorded): string => {
        // The mock monitor qualifies a type with its parent's own type only (MockMonitor.newUrn).
        const parentType = r.parent ? r.parent.split("::")[2]!.split("$").pop() : undefined;
        const qualified = parentType ? `${parentType}$${r.type}` : r.type;
        return `urn:pulumi:stack::project::${qualified}::${r.name}`;
    };
    return {
        resources,
        calls: recordedCalls,
        reset() {
            resources.length = 0;
            recordedCalls.length = 0;
        },
        custom: () => resources.filter((r) => r.custom),
        one(type: string, name?: string) {
            const found = resources.filter(
                (r) => r.type === type && (name === undefined || r.name === name),
            );
            if (found.length !== 1) {
                throw new Error(
                    `expected one ${type}${name ? ` ${name}` : ""}, found ${found.length}: ${resources
                        .map((r) => `${r.type}::${r.name}`)
                        .join(", ")}`,
                );
            }
            return found[0]!;
        },
        urnOf,
    };
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
}

/** Resolves an output's value. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Waits until no new resource has been registered for a few ticks. */
export async function settle(recorder: MockRecorder, quietMs = 60): Promise<void> {
    let last = -1;
    for (let i = 0; i < 100; i++) {
        await new Promise((r) => setTimeout(r, quietMs));
        if (recorder.resources.length === last) return;
        last = recorder.resources.length;
    }
}
