// cvmkit from Go: an existing cluster made ready for CVMs through the generated Go SDK of the cvmkit
// component package (the same CvmCluster as examples/yaml and the TypeScript API).
package main

import (
	cvmkit "github.com/cvmkit/cvmkit/sdk/go/cvmkit/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	kubernetes "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		kubeconfig := config.RequireSecret(ctx, "kubeconfig")
		k8s, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: kubeconfig})
		if err != nil {
			return err
		}
		cvm, err := cvmkit.NewCvmCluster(ctx, "cvm", &cvmkit.CvmClusterArgs{
			Kubeconfig: kubeconfig,
			Namespace:  pulumi.String("cvm-workspaces"),
			Supervisor: &cvmkit.SupervisorConfigArgs{Caching: cvmkit.CachingModeNone},
			Tolerations: corev1.TolerationArray{corev1.TolerationArgs{
				Key:      pulumi.String("cvmkit.dev/cvm-node"),
				Operator: pulumi.String("Equal"),
				Value:    pulumi.String("true"),
				Effect:   pulumi.String("NoSchedule"),
			}},
		}, pulumi.Providers(k8s))
		if err != nil {
			return err
		}
		ctx.Export("namespace", cvm.Namespace)
		ctx.Export("supervisorPodTemplate", cvm.SupervisorPodTemplate)
		return nil
	})
}
