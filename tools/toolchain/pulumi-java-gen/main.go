// pulumi-java-gen generates a Pulumi package's Java or C# SDK from its schema, offline: Java with the code
// generator of github.com/pulumi/pulumi-java/pkg (the same calls as the GeneratePackage of
// pulumi-language-java: type deduplication, bind, generate), C# with codegen/dotnet of
// github.com/pulumi/pulumi/pkg/v3 at the version pulumi-java pins (pkg v3.276.0, which pulumi-sdkgen uses,
// no longer contains codegen/dotnet, and pulumi-java does not compile against it). The schemas of the
// packages it references are read from files instead of from plugins.
//
// Usage: pulumi-java-gen -language java|csharp -out DIR [-build gradle|none] [-dep other-schema.json ...] schema.json
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	javagen "github.com/pulumi/pulumi-java/pkg/codegen/java"
	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

type deps []string

func (d *deps) String() string     { return strings.Join(*d, ",") }
func (d *deps) Set(v string) error { *d = append(*d, v); return nil }

// fileLoader serves the referenced packages bound from schema files.
type fileLoader struct{ pkgs map[string]*schema.Package }

func (l fileLoader) get(name string) (*schema.Package, error) {
	if p, ok := l.pkgs[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("package %q is referenced but no -dep schema names it", name)
}
func (l fileLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return l.get(name)
}
func (l fileLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.get(d.Name)
}
func (l fileLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	p, err := l.get(name)
	if err != nil {
		return nil, err
	}
	return p.Reference(), nil
}
func (l fileLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

// offline answers the one download codegen/dotnet makes (the NuGet package icon, logo.png: the schema's logoUrl
// or a Pulumi logo on GitHub) with a transparent 64x64 PNG, and refuses any other request.
type offline struct{ logo string }

func (o offline) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet || r.URL.String() != o.logo {
		return nil, errors.New("pulumi-java-gen runs offline: no request but the logo is answered")
	}
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 64, 64))); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "pulumi-java-gen: logo.png is a blank placeholder (not downloaded from %s)\n", o.logo)
	return &http.Response{
		StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"image/png"}},
		Body: io.NopCloser(&b), ContentLength: int64(b.Len()), Request: r,
	}, nil
}

// dotnetDefaultLogo is the icon URL codegen/dotnet (pkg v3.182.0, getLogo) uses when the schema has no logoUrl.
const dotnetDefaultLogo = "https://raw.githubusercontent.com/pulumi/pulumi/" +
	"dbc96206bec722b7791a22ff50e895ab7c0abdc0/sdk/dotnet/pulumi_logo_64x64.png"

func readSpec(path string) (*schema.PackageSpec, error) {
	var spec schema.PackageSpec
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &spec)
	}
	return &spec, err
}

func run() error {
	var depFiles deps
	language := flag.String("language", "", "java or csharp")
	out := flag.String("out", "", "output directory")
	build := flag.String("build", "", `java: build files to write, "gradle" or "none" (default: the schema's language.java.buildFiles)`)
	flag.Var(&depFiles, "dep", "schema file of a referenced package (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 || *out == "" || (*language != "java" && *language != "csharp") ||
		(*build != "" && *build != "gradle" && *build != "none") {
		return fmt.Errorf("usage: pulumi-java-gen -language java|csharp -out DIR [-build gradle|none] [-dep schema.json ...] schema.json")
	}
	loader := fileLoader{pkgs: map[string]*schema.Package{}}
	for _, f := range depFiles {
		spec, err := readSpec(f)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if *language == "java" {
			// the referenced package's Java names as its own SDK has them (pulumi-java deduplicates every schema)
			if spec, _, err = javagen.DeduplicateTypes(spec); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
		}
		pkg, err := schema.ImportSpec(*spec, nil, schema.ValidationOptions{AllowDanglingReferences: true})
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		loader.pkgs[pkg.Name] = pkg
	}
	spec, err := readSpec(flag.Arg(0))
	if err != nil {
		return err
	}
	if *language == "java" {
		var diags interface{ HasErrors() bool }
		spec, diags, err = javagen.DeduplicateTypes(spec)
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			return fmt.Errorf("type deduplication failed: %v", diags)
		}
		if *build != "" {
			var info map[string]any
			if raw, ok := spec.Language["java"]; ok {
				if err := json.Unmarshal(raw, &info); err != nil {
					return fmt.Errorf("language.java: %w", err)
				}
			}
			if info == nil {
				info = map[string]any{}
			}
			info["buildFiles"] = *build
			raw, _ := json.Marshal(info)
			if spec.Language == nil {
				spec.Language = map[string]schema.RawMessage{}
			}
			spec.Language["java"] = raw
		}
	}
	pkg, diags, err := schema.BindSpec(*spec, loader, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("schema errors: %s", diags.Error())
	}
	var files map[string][]byte
	switch *language {
	case "java":
		// pulumi-java v1.16.0 (codegen/java/gen.go, makeResourceOptions) passes the secret outputs of every
		// resource as .additionalSecretOutputs(...) to its options builder, which ComponentResourceOptions of
		// com.pulumi:pulumi does not have: the SDK of a component with a secret output (CvmStack's kubeconfig)
		// would not compile. A component's outputs come back from the provider's Construct already secret,
		// so the flag is dropped for component outputs only.
		for _, r := range pkg.Resources {
			if r.IsComponent {
				for _, p := range r.Properties {
					p.Secret = false
				}
			}
		}
		files, err = javagen.GeneratePackage("pulumi-java-gen", pkg, nil, nil, false, false)
	case "csharp":
		logo := pkg.LogoURL
		if logo == "" {
			logo = dotnetDefaultLogo
		}
		http.DefaultTransport = offline{logo: logo}
		http.DefaultClient.Transport = nil
		files, err = dotnet.GeneratePackage("pulumi-java-gen", pkg, nil, nil)
	}
	if err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(*out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "pulumi-java-gen: %d %s files in %s\n", len(files), *language, *out)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-java-gen:", err)
		os.Exit(1)
	}
}
