/**
 * `CvmChart`: the cdk8s renderer — one `ApiObject` per object `renderManifests` returns.
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
} from "../manifests";

/** Props of {@link CvmChart}: the whole {@link CvmConfig}. */
export interface CvmChartProps extends CvmConfig {
    /**
     * Extra labels cdk8s adds to every object (on top of cvmkit's own).
     * @default {}
     */
    readonly chartLabels?: Readonly<Record<string, string>>;
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
        const { chartLabels, ...config } = props;
        const rendered = renderManifests(config);
        // No chart-wide namespace: cdk8s would stamp it on cluster-scoped objects too.
        super(scope, id, {
            labels: chartLabels ? { ...chartLabels } : undefined,
            disableResourceNameHashes: true,
        });
        this.rendered = rendered;
        for (const obj of rendered.objects) {
            new ApiObject(this, objectKey(obj), { ...obj });
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
