// cvmkit from Java: an existing cluster made ready for CVMs through the generated Java SDK of the cvmkit
// component package (the same CvmCluster as examples/go, examples/yaml and the TypeScript API).
package io.cvmkit.examples;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.core.v1.inputs.TolerationArgs;
import com.pulumi.resources.ComponentResourceOptions;
import io.cvmkit.kubernetes.CvmCluster;
import io.cvmkit.kubernetes.CvmClusterArgs;
import io.cvmkit.kubernetes.enums.CachingMode;
import io.cvmkit.kubernetes.inputs.SupervisorConfigArgs;

public final class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    /** The program: a Kubernetes provider for the kubeconfig and a CvmCluster on it. */
    public static void stack(Context ctx) {
        var kubeconfig = ctx.config().requireSecret("kubeconfig");
        var k8s = new Provider("k8s", ProviderArgs.builder().kubeconfig(kubeconfig).build());
        var cvm = new CvmCluster(
                "cvm",
                CvmClusterArgs.builder()
                        .kubeconfig(kubeconfig)
                        .namespace("cvm-workspaces")
                        .supervisor(SupervisorConfigArgs.builder().caching(CachingMode.None).build())
                        .tolerations(TolerationArgs.builder()
                                .key("cvmkit.dev/cvm-node")
                                .operator("Equal")
                                .value("true")
                                .effect("NoSchedule")
                                .build())
                        .build(),
                ComponentResourceOptions.builder().providers(k8s).build());
        ctx.export("namespace", cvm.namespace());
        ctx.export("supervisorPodTemplate", cvm.supervisorPodTemplate());
    }
}
