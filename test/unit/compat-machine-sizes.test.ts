import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    assertCvmMachineSize,
    CpuArchitecture,
    CvmkitConfigError,
    gcpAcceleratorGpu,
    GpuVendor,
    machineArchitecture,
    machineGpu,
    machineVcpus,
    SIZE_CLOUDS,
    SIZE_RULES,
    SizeCloud,
} from "../../lib/compat";

/**
 * Size name → vCPUs / architecture / GPU vendor, one row per name, against the clouds' published
 * specifications (AWS instance type pages, GCP machine-family pages, Azure VM size pages). `undefined`
 * means the name does not say it (the pool then asks for `vcpus`).
 */
type Row = readonly [
    cloud: SizeCloud,
    size: string,
    vcpus: number | undefined,
    architecture: CpuArchitecture | undefined,
    gpu: GpuVendor | undefined,
];

const SIZES: readonly Row[] = [
    ["aws", "m6i.xlarge", 4, "amd64", undefined],
    ["aws", "m7g.xlarge", 4, "arm64", undefined],
    ["aws", "m6g.medium", 1, "arm64", undefined],
    ["aws", "a1.medium", 1, "arm64", undefined],
    ["aws", "t2.micro", 1, "amd64", undefined],
    ["aws", "t3.medium", 2, "amd64", undefined],
    ["aws", "c5.large", 2, "amd64", undefined],
    ["aws", "c7i-flex.large", 2, "amd64", undefined],
    ["aws", "m5.24xlarge", 96, "amd64", undefined],
    ["aws", "m5.metal", 96, "amd64", undefined],
    ["aws", "m6i.metal", 128, "amd64", undefined],
    ["aws", "m7i.metal-24xl", 96, "amd64", undefined],
    ["aws", "hpc6a.48xlarge", 96, "amd64", undefined],
    ["aws", "hpc7g.16xlarge", 64, "arm64", undefined],
    ["aws", "p4d.24xlarge", 96, "amd64", "nvidia"],
    ["aws", "g5.xlarge", 4, "amd64", "nvidia"],
    ["aws", "g5g.xlarge", 4, "arm64", "nvidia"],
    ["aws", "g4ad.xlarge", 4, "amd64", "amd"],
    ["aws", "mac1.metal", undefined, undefined, undefined],
    ["aws", "not-a-type", undefined, undefined, undefined],
    ["gcp", "e2-standard-4", 4, "amd64", undefined],
    ["gcp", "n2-highmem-8", 8, "amd64", undefined],
    ["gcp", "e2-medium", 2, "amd64", undefined],
    ["gcp", "f1-micro", 1, "amd64", undefined],
    ["gcp", "n2-custom-6-24576", 6, "amd64", undefined],
    ["gcp", "custom-6-24576", 6, "amd64", undefined],
    ["gcp", "c3-standard-4-lssd", 4, "amd64", undefined],
    ["gcp", "t2a-standard-4", 4, "arm64", undefined],
    ["gcp", "c4a-standard-8", 8, "arm64", undefined],
    ["gcp", "g2-standard-4", 4, "amd64", "nvidia"],
    ["gcp", "a2-highgpu-1g", undefined, "amd64", "nvidia"],
    ["gcp", "a3-highgpu-8g", undefined, "amd64", "nvidia"],
    ["azure", "Standard_D4s_v5", 4, "amd64", undefined],
    ["azure", "Standard_B8ms", 8, "amd64", undefined],
    ["azure", "Standard_E16ads_v5", 16, "amd64", undefined],
    ["azure", "Standard_E8-4ds_v5", 4, "amd64", undefined],
    ["azure", "Standard_D2_v3", 2, "amd64", undefined],
    ["azure", "Standard_DS3_v2", 4, "amd64", undefined],
    ["azure", "Standard_A2", 2, "amd64", undefined],
    ["azure", "Standard_G5", 32, "amd64", undefined],
    ["azure", "Standard_D4ps_v5", 4, "arm64", undefined],
    ["azure", "Standard_NC24ads_A100_v4", 24, "amd64", "nvidia"],
    ["azure", "Standard_NV16as_v4", 16, "amd64", "amd"],
    ["azure", "not a size", undefined, undefined, undefined],
];

describe("machine sizes", () => {
    it("one dispatch table covers every cloud", () => {
        assert.deepEqual(Object.keys(SIZE_RULES).sort(), [...SIZE_CLOUDS].sort());
    });

    for (const [cloud, size, vcpus, architecture, gpu] of SIZES) {
        it(`${cloud} ${size} → ${vcpus ?? "?"} vCPU, ${architecture ?? "?"}, GPU ${gpu ?? "none"}`, () => {
            assert.equal(machineVcpus(cloud, size), vcpus);
            assert.equal(machineArchitecture(cloud, size), architecture);
            assert.equal(machineGpu(cloud, size), gpu);
        });
    }

    it("GCP accelerator types: NVIDIA by prefix, TPUs are not GPUs", () => {
        assert.equal(gcpAcceleratorGpu("nvidia-tesla-t4"), "nvidia");
        assert.equal(gcpAcceleratorGpu("projects/p/zones/z/acceleratorTypes/nvidia-l4"), "nvidia");
        assert.equal(gcpAcceleratorGpu("tpu-v4-podslice"), undefined);
    });

    it("the node-size check names the cloud's word and example in its errors", () => {
        const cases: readonly [SizeCloud, string, RegExp][] = [
            ["aws", "t3.medium", /at least 4 vCPU; t3\.medium has 2.*m6i\.xlarge/],
            ["gcp", "e2-medium", /at least 4 vCPU; e2-medium has 2.*e2-standard-4/],
            ["azure", "Standard_B2s", /at least 4 vCPU; Standard_B2s has 2.*Standard_D4s_v5/],
        ];
        for (const [cloud, size, message] of cases) {
            assert.throws(
                () => assertCvmMachineSize(cloud, size, "size"),
                (err: unknown) => err instanceof CvmkitConfigError && message.test(err.message),
            );
            assert.throws(
                () => assertCvmMachineSize(cloud, "", "size"),
                new RegExp(`an ${SIZE_RULES[cloud].word} name is required`),
            );
        }
        assert.deepEqual(assertCvmMachineSize("aws", "m7g.xlarge", "size"), {
            vcpus: 4,
            architecture: "arm64",
        });
        assert.deepEqual(assertCvmMachineSize("aws", "mac1.metal", "size", 12), { vcpus: 12 });
    });
});
