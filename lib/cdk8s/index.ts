/**
 * `cvmkit/cdk8s`: the cdk8s renderer of cvmkit's manifests.
 */
export { CvmChart, CvmChartProps } from "./cvm-chart";
