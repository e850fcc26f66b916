/**
 * `CvmChart`: the cdk8s renderer — one `ApiObject` per object `renderManifests` returns.
 */
import { ApiObject, Chart } from "cdk8s";
import type { Construct } from "constructs";
import { CvmConfig, objectKey, renderManifests, RenderedManifests } from "../manifests";

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
}
