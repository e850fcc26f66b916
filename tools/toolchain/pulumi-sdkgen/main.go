// pulumi-sdkgen generates a Pulumi package's Python or Go SDK from its schema with the code generators
// of github.com/pulumi/pulumi/pkg/v3 (the same calls as the GeneratePackage of pulumi-language-python
// and pulumi-language-go, whose modules the Go module proxy does not serve). The schemas of the packages
// it references are read from files instead of from plugins, so it runs offline.
//
// Usage: pulumi-sdkgen -language python|go -out DIR [-dep other-schema.json ...] schema.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
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

func readSpec(path string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &spec)
	}
	return spec, err
}

func run() error {
	var depFiles deps
	language := flag.String("language", "", "python or go")
	out := flag.String("out", "", "output directory")
	flag.Var(&depFiles, "dep", "schema file of a referenced package (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 || *out == "" || (*language != "python" && *language != "go") {
		return fmt.Errorf("usage: pulumi-sdkgen -language python|go -out DIR [-dep schema.json ...] schema.json")
	}
	loader := fileLoader{pkgs: map[string]*schema.Package{}}
	for _, f := range depFiles {
		spec, err := readSpec(f)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		pkg, err := schema.ImportSpec(spec, nil, loader, schema.ValidationOptions{AllowDanglingReferences: true})
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		loader.pkgs[pkg.Name] = pkg
	}
	spec, err := readSpec(flag.Arg(0))
	if err != nil {
		return err
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("schema errors: %s", diags.Error())
	}
	var files map[string][]byte
	switch *language {
	case "python":
		files, err = python.GeneratePackage("pulumi-sdkgen", pkg, nil, loader)
	case "go":
		files, err = gogen.GeneratePackage("pulumi-sdkgen", pkg, nil)
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
	fmt.Fprintf(os.Stderr, "pulumi-sdkgen: %d %s files in %s\n", len(files), *language, *out)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-sdkgen:", err)
		os.Exit(1)
	}
}
