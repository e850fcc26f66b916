// CvmStack and the cloud pools through the generated Go SDK (compiled with examples/go by
// test/e2e/sdks.test.ts): the discriminated `cloud` union, a cloud's typed cluster and node pool shapes, a
// bool-or-object taint.
package main

import (
	cvmkit "github.com/cvmkit/cvmkit/sdk/go/cvmkit"
	cvmazure "github.com/cvmkit/cvmkit/sdk/go/cvmkit/azure"
	cvmk8s "github.com/cvmkit/cvmkit/sdk/go/cvmkit/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func cloudStacks(ctx *pulumi.Context) error {
	stack, err := cvmkit.NewCvmStack(ctx, "eks", &cvmkit.CvmStackArgs{
		Cloud: cvmkit.StackCloudAws,
		Cluster: &cvmkit.AwsStackClusterArgs{
			KubernetesVersion: pulumi.String("1.33"),
			SubnetIds:         pulumi.StringArray{pulumi.String("subnet-a"), pulumi.String("subnet-b")},
		},
		NodePool: &cvmkit.AwsStackNodePoolArgs{
			InstanceTypes: pulumi.StringArray{pulumi.String("m6i.xlarge")},
			Taint:         pulumi.Bool(true),
		},
		Cvm: &cvmkit.StackCvmArgs{
			Namespace:     pulumi.String("cvm-workspaces"),
			SysboxRuntime: &cvmk8s.SysboxRuntimeConfigArgs{Enabled: pulumi.Bool(true)},
		},
	})
	if err != nil {
		return err
	}
	ctx.Export("kubeconfig", stack.Kubeconfig)
	_, err = cvmazure.NewSysboxNodePool(ctx, "aks-pool", &cvmazure.SysboxNodePoolArgs{
		Cluster: &cvmazure.AksClusterInfoArgs{
			ResourceGroupName: pulumi.String("cvm-rg"),
			ClusterName:       pulumi.String("lab"),
			KubernetesVersion: pulumi.String("1.33"),
		},
		VmSize: pulumi.String("Standard_D4s_v5"),
		Taint:  &cvmazure.CvmTaintArgs{Key: pulumi.String("cvm")},
	})
	return err
}
