// Command pulumi-resource-kubernetes is the Pulumi Kubernetes provider plugin, built from
// the github.com/pulumi/pulumi-kubernetes/provider/v4 module pinned in go.mod.
//
// Upstream's own main package cannot be compiled from the module zip: it go:embeds files
// that `go generate` writes (schema-embed.json, terraform-mapping-embed.json) and that are
// not part of the module. scripts/toolchain.sh generates those two files from the module
// cache next to a scratch copy of this file and builds it; they are not committed.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
