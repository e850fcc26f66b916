// Command cvmkit-image-builder packs static programs into container images offline, for the e2e tests on
// a real node (nothing is pulled: the node has no registry to reach). It writes a docker-archive tarball
// that `ctr -n k8s.io images import` loads, holding one image under every name given:
//
//	cvmkit-image-builder -out img.tar -name registry.k8s.io/pause:3.10.1 \
//	    -file /pause=/path/to/probe -entrypoint /pause
//	cvmkit-image-builder -out sup.tar -name ghcr.io/coder/envbox:1.2.3 \
//	    -file /envbox=/path/to/probe -file /probe=/path/to/probe -entrypoint /probe
//
// The image has one layer (the files, mode 0755, owned by root), and a config with os/arch
// (linux/<GOARCH of this build>), the entrypoint, an optional cmd and PATH: an image built by
// `crane append --oci-empty-base` lacks os/arch and entrypoint, and `ctr images import` filters it out.
// Uses go-containerregistry's Go API (github.com/google/go-containerregistry).
package main

import (
	"archive/tar"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// layer builds one uncompressed tar layer with the given files (image path -> host path) and their
// parent directories.
func layer(files map[string]string) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	epoch := time.Unix(0, 0)
	dirs := map[string]bool{}
	keys := make([]string, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, dest := range keys {
		rel := strings.TrimPrefix(path.Clean("/"+dest), "/")
		for d := path.Dir(rel); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	dirList := make([]string, 0, len(dirs))
	for d := range dirs {
		dirList = append(dirList, d)
	}
	sort.Strings(dirList)
	for _, d := range dirList {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: epoch}); err != nil {
			return nil, err
		}
	}
	for _, dest := range keys {
		data, err := os.ReadFile(files[dest])
		if err != nil {
			return nil, err
		}
		rel := strings.TrimPrefix(path.Clean("/"+dest), "/")
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: rel, Mode: 0o755, Size: int64(len(data)), ModTime: epoch}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil })
}

func main() {
	var names, fileArgs, cmd, env multi
	out := flag.String("out", "", "output docker-archive tarball")
	entrypoint := flag.String("entrypoint", "", "entrypoint (one path; required)")
	flag.Var(&names, "name", "image name (repeatable; at least one)")
	flag.Var(&fileArgs, "file", "IMAGE_PATH=HOST_PATH (repeatable; at least one)")
	flag.Var(&cmd, "cmd", "cmd argument (repeatable)")
	flag.Var(&env, "env", "KEY=VALUE in the image config (repeatable)")
	flag.Parse()
	if *out == "" || *entrypoint == "" || len(names) == 0 || len(fileArgs) == 0 {
		fmt.Fprintln(os.Stderr, "usage: cvmkit-image-builder -out FILE -name IMAGE... -file DEST=SRC... -entrypoint PATH [-cmd ARG...] [-env K=V...]")
		os.Exit(2)
	}
	if err := run(*out, *entrypoint, names, fileArgs, cmd, env); err != nil {
		fmt.Fprintln(os.Stderr, "cvmkit-image-builder:", err)
		os.Exit(1)
	}
}

func run(out, entrypoint string, names, fileArgs, cmd, env []string) error {
	files := map[string]string{}
	for _, f := range fileArgs {
		dest, src, ok := strings.Cut(f, "=")
		if !ok || dest == "" || src == "" {
			return fmt.Errorf("-file %q: want IMAGE_PATH=HOST_PATH", f)
		}
		files[dest] = src
	}
	l, err := layer(files)
	if err != nil {
		return err
	}
	img, err := mutate.AppendLayers(empty.Image, l)
	if err != nil {
		return err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cf = cf.DeepCopy()
	cf.OS = "linux"
	cf.Architecture = runtime.GOARCH
	cf.Created = v1.Time{Time: time.Unix(0, 0)}
	cf.Config.Entrypoint = []string{entrypoint}
	cf.Config.Cmd = cmd
	cf.Config.Env = append([]string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}, env...)
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		return err
	}
	refs := map[name.Reference]v1.Image{}
	for _, n := range names {
		tag, err := name.NewTag(n)
		if err != nil {
			return fmt.Errorf("-name %q: %w", n, err)
		}
		refs[tag] = img
	}
	return tarball.MultiRefWriteToFile(out, refs)
}
