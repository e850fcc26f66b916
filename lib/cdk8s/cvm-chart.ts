/**
 * `CvmChart`: the cdk8s renderer — one `ApiObject` per object `renderManifests` returns, with the
 * manifests' dependencies as `addDependency` (so cdk8s synthesizes them in apply order).
 */
import { ApiObject, Chart } from "cdk8s";
import type { Construct } from "constructs";
import {
    CvmConfig,
    KubernetesObject,
    objectKey,
    renderManifests,
    RenderedManifests,
    toYaml,
    withSyncWaves,
} from "../manifests";

/** Props of {@link CvmChart}: the whole {@link CvmConfig}. */
export interface CvmChartProps extends CvmConfig {
    /**
     * Extra labels cdk8s adds to every object (on top of cvmkit's own).
     * @default {}
     */
    readonly chartLabels?: Readonly<Record<string, string>>;
    /**
     * Annotate every object with the Argo CD sync wave of its apply phase
     * (`argocd.argoproj.io/sync-wave`, `-5` namespaces … `-1` workloads).
     * @default false
     */
    readonly argoCdSyncWaves?: boolean;
}

/**
 * A cdk8s chart holding every object cvmkit renders for a config, for GitOps users. Cluster-scoped
 * objects carry no namespace; namespaced ones keep the namespace cvmkit gives them.
 *
 * @example
 * const app = new App();
 * new CvmChart(app, "cvm", { kubernetesVersion: "1.33", sysboxRuntime: { enabled: true } });
 * app.synth();
 *
 * cdk8s writes `app.synth()` output with its own YAML writer (YAML 1.1 schema). For output that YAML
 * 1.1 and 1.2 readers read the same way, write {@link CvmChart.toYaml} instead (the example does).
 */
export class CvmChart extends Chart {
    /** What was rendered: objects, namespace, pod templates, runtime class. */
    public readonly rendered: RenderedManifests;

    constructor(scope: Construct, id: string, props: CvmChartProps) {
        const { chartLabels, argoCdSyncWaves, ...config } = props;
        const rendered = renderManifests(config);
        // No chart-wide namespace: cdk8s would stamp it on cluster-scoped objects too.
        super(scope, id, {
            labels: chartLabels ? { ...chartLabels } : undefined,
            disableResourceNameHashes: true,
        });
        this.rendered = rendered;
        const objects = argoCdSyncWaves
            ? withSyncWaves(rendered.objects, rendered.order)
            : rendered.objects;
        // cdk8s writes objects in a depth-first walk of their dependencies. Each object depends on what
        // the manifests say and, so that the chart writes the same apply order as `cvmkit render` (a
        // bare walk would put the ValidatingAdmissionPolicy before the Namespace), on the object before it.
        const created = new Map<string, ApiObject>();
        let previous: ApiObject | undefined;
        for (const obj of objects) {
            const key = objectKey(obj);
            const apiObject = new ApiObject(this, key, { ...obj });
            const deps = rendered.order[key]!.dependsOn.map((d) => created.get(d)!);
            apiObject.addDependency(
                ...deps,
                ...(previous && !deps.includes(previous) ? [previous] : []),
            );
            created.set(key, apiObject);
            previous = apiObject;
        }
    }

    /**
     * The chart's objects (after cdk8s resolution: chart labels, resolvers) as multi-document YAML,
     * written by cvmkit's YAML writer: every string a YAML 1.1 or 1.2 reader would take for a boolean,
     * number, null or timestamp is quoted, so kubectl, Argo CD and Flux read exactly the JSON values.
     */
    public toYaml(): string {
        return toYaml(Object.values(this.toJson()) as KubernetesObject[]);
    }
}
