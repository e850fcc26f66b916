/**
 * Recorded Pulumi mocks for the cloud shell and stack tests (after pulumi-awsx's `repository.test.ts`):
 * every `newResource` call is recorded with its inputs, and — by wrapping the mock monitor — with the parent
 * and the dependency URNs the SDK sent (explicit `dependsOn` plus implicit property dependencies). Unmocked
 * invokes throw. The recording core (monitor wrapping, URNs, waiting) is the one in
 * `test/support/pulumi-mocks.ts`; this file holds the clouds' fixture data and the recorder's shape.
 */
import { mockUrn, setRecordingMocks, valueOf, waitQuiet } from "../support/pulumi-mocks";

export { valueOf };

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
    /** The `ignoreChanges` resource option as sent to the engine. */
    ignoreChanges: string[];
    /** The `replaceOnChanges` resource option as sent to the engine. */
    replaceOnChanges: string[];
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

/**
 * The user kubeconfig of an AKS cluster with Entra ID (AAD): `kubelogin get-token` in device-code mode, as AKS
 * returns it (shape per Azure/kubelogin `convert-kubeconfig` docs).
 */
export const AKS_AAD_KUBECONFIG = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: aad",
    "  cluster:",
    "    server: https://aad.hcp.westeurope.azmk8s.io:443",
    "contexts:",
    "- name: aad",
    "  context:",
    "    cluster: aad",
    "    user: clusterUser_rg_aad",
    "current-context: aad",
    "users:",
    "- name: clusterUser_rg_aad",
    "  user:",
    "    exec:",
    "      apiVersion: client.authentication.k8s.io/v1beta1",
    "      command: kubelogin",
    "      args:",
    "      - get-token",
    "      - --environment",
    "      - AzurePublicCloud",
    "      - --server-id",
    "      - 6dae42f8-4368-4678-94ff-3960e28e3630",
    "      - --client-id",
    "      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a",
    "      - --tenant-id",
    "      - 72f988bf-86f1-41af-91ab-2d7cd011db47",
    "      - --login",
    "      - devicecode",
    "",
].join("\n");

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
        arn: `arn:aws:eks:us-east-2:123456789012:cluster/${String(i["name"])}`,
        vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] },
        kubernetesNetworkConfigs: [
            i["name"] === "ipv6-eks"
                ? { ipFamily: "ipv6", serviceIpv4Cidr: "", serviceIpv6Cidr: "fd30:1c53:5f8::/108" }
                : { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16", serviceIpv6Cidr: "" },
        ],
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
        releaseChannels: i["name"] === "no-channel" ? [] : [{ channel: "STABLE" }],
    }),
    "azure-native:containerservice:listManagedClusterUserCredentials": (i) => ({
        kubeconfigs: [
            {
                name: "clusterUser",
                value: Buffer.from(
                    i["resourceName"] === "aad" ? AKS_AAD_KUBECONFIG : AKS_KUBECONFIG,
                ).toString("base64"),
            },
        ],
    }),
    "azure-native:containerservice:getManagedCluster": (i) => ({
        name: i["resourceName"],
        id: `/subscriptions/sub/resourceGroups/${String(i["resourceGroupName"])}/providers/Microsoft.ContainerService/managedClusters/${String(i["resourceName"])}`,
        currentKubernetesVersion: "1.33.1",
        addonProfiles: { azurepolicy: { enabled: i["resourceName"] !== "no-policy" } },
        ...(i["resourceName"] === "aad"
            ? { aadProfile: { managed: true, enableAzureRBAC: true } }
            : {}),
    }),
};

/** Outputs the mocked providers compute (beyond echoing inputs). */
function computed(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    switch (type) {
        case "aws:eks/cluster:Cluster": {
            const network = (inputs["kubernetesNetworkConfig"] ?? {}) as Record<string, unknown>;
            const ipv6 = network["ipFamily"] === "ipv6";
            return {
                name: inputs["name"] ?? `${name}-eks`,
                endpoint: "https://new.eks.example",
                certificateAuthority: { data: "TkVX" },
                arn: `arn:aws:eks:eu-west-1:123456789012:cluster/${name}`,
                // What EKS reports: the given CIDR, else its default; IPv6 clusters get an assigned IPv6 CIDR.
                kubernetesNetworkConfig: {
                    ipFamily: ipv6 ? "ipv6" : "ipv4",
                    serviceIpv4Cidr: ipv6 ? "" : (network["serviceIpv4Cidr"] ?? "10.100.0.0/16"),
                    serviceIpv6Cidr: ipv6 ? "fd00:ec2:10::/108" : "",
                },
            };
        }
        case "pulumi:index:Stash":
            // The engine keeps the first input as `output`; under mocks every run is a first run.
            return { output: inputs["input"] };
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

/**
 * The engine's `pulumi:index:Stash` across runs, for tests of a second `up` under mocks (where every run is
 * otherwise a first run): the builtin provider's semantics (pulumi/pulumi `pkg/resource/deploy/builtins.go`:
 * create sets `output` to `input`, update keeps `output`) with the `ignoreChanges` (the old input is kept) and
 * `replaceOnChanges` (a changed input replaces) options, and — in a preview — no id for a stash being created
 * or replaced. `test/e2e/node-rolls.test.ts` checks the same behaviour on the real engine.
 */
export class StashHistory {
    private readonly state = new Map<string, { input: unknown; output: unknown }>();
    /** A preview: created or replaced stashes get no id. */
    public preview = false;

    /** Forgets every stash (a new stack). */
    clear(): void {
        this.state.clear();
    }

    register(
        name: string,
        input: unknown,
        wire: {
            readonly ignoreChanges: readonly string[];
            readonly replaceOnChanges: readonly string[];
        },
    ): { id: string | undefined; state: Record<string, unknown> } {
        const old = this.state.get(name);
        let next: { input: unknown; output: unknown };
        let created = false;
        if (!old) {
            next = { input, output: input };
            created = true;
        } else {
            const kept = wire.ignoreChanges.includes("input") ? old.input : input;
            const changed = JSON.stringify(kept) !== JSON.stringify(old.input);
            if (changed && wire.replaceOnChanges.includes("input")) {
                next = { input: kept, output: kept };
                created = true;
            } else {
                next = { input: kept, output: old.output };
            }
        }
        if (!this.preview) this.state.set(name, next);
        return {
            id: created && this.preview ? undefined : `${name}-id`,
            state: { input: next.input, output: next.output },
        };
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
    stashes?: StashHistory,
): Promise<MockRecorder> {
    const resources: Recorded[] = [];
    const recordedCalls: RecordedCall[] = [];
    await setRecordingMocks(
        {
            newResource(args, wire) {
                const inputs = args.inputs as Record<string, unknown>;
                resources.push({
                    type: args.type,
                    name: args.name,
                    inputs,
                    custom: Boolean(args.custom),
                    ...(args.provider ? { provider: args.provider } : {}),
                    ...(wire.parent ? { parent: wire.parent } : {}),
                    dependencies: [...wire.dependencies],
                    ignoreChanges: [...wire.ignoreChanges],
                    replaceOnChanges: [...wire.replaceOnChanges],
                });
                if (args.type === "pulumi:index:Stash" && stashes) {
                    return stashes.register(args.name, inputs["input"], wire);
                }
                return {
                    id: args.custom ? `${args.name}-id` : undefined,
                    state: { ...inputs, ...computed(args.type, args.name, inputs) },
                };
            },
            call(args) {
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
    );
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
        urnOf: (r) => mockUrn(r.parent ?? "", r.type, r.name),
    };
}

/** Waits until no new resource has been registered for a few ticks. */
export function settle(recorder: MockRecorder, quietMs = 60): Promise<void> {
    return waitQuiet(() => recorder.resources.length, quietMs, 1, 100);
}
