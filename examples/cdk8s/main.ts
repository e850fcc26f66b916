/**
 * A cdk8s app that renders the Kubernetes side of cvmkit for GitOps: `npm run synth` writes
 * `dist/cvm.k8s.yaml`, which Argo CD / Flux apply (server-side apply for the Gatekeeper patch, if any).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdk8s";
import { CvmChart } from "cvmkit/cdk8s";

const app = new App();

const chart = new CvmChart(app, "cvm", {
    // The cluster's version: cvmkit picks admission objects by it (VAP from 1.30, PSP below 1.25).
    kubernetesVersion: process.env.KUBERNETES_VERSION ?? "1.33",
    sysboxRuntime: { enabled: true },
    supervisor: { caching: "none" },
    nodeSelector: { "cvmkit.dev/cvm-node": "true" },
    tolerations: [
        { key: "cvmkit.dev/cvm-node", operator: "Equal", value: "true", effect: "NoSchedule" },
    ],
});

app.synth();
// Rewrite the chart's file with cvmkit's YAML writer: it quotes every string a YAML 1.1 reader
// (kubectl, Argo CD, Flux) or a YAML 1.2 reader would take for a boolean, number or null.
writeFileSync(join(app.outdir, "cvm.k8s.yaml"), chart.toYaml());
