// Command probe is cvmkit's stand-in program for the e2e tests on a real node: a small static binary
// packed (by ../main.go, the image builder) under whatever image name a test needs — the pause image,
// the supervisor's image, the Sysbox installer's — so that the pod spec under test is cvmkit's own and
// only the program inside the container is replaced.
//
// Invoked under an unknown name or with unknown arguments (e.g. as the supervisor's "/envbox docker"),
// it prints a report (see below) to stdout and then stays up: with PROBE_LISTEN=<host:port> it serves
// TCP there (writes "probe <hostname>\n" to every connection), otherwise it sleeps until SIGTERM/SIGINT.
// Invoked as "pause" (argv[0] base name) it only sleeps: that is the pod sandbox. Invoked as "true" it
// exits 0 (the pre-pull DaemonSet's init containers run /bin/true). Invoked as "bash"/"sh" with
// "-c SCRIPT": a script naming sysbox-deploy-k8s.sh (the Sysbox installer's and cleanup's command) makes it
// the long-running stand-in; any other script (e.g. the installer's readiness probe) exits 0 — the
// stand-in neither installs Sysbox nor checks that it did.
//
// Subcommands (for kubectl exec):
//
//	probe report [PATH...]   JSON: uid, gid, uid_map, effective capabilities, mounts with their read-only flag,
//	                         whether each PATH is writable (error text when not, e.g. EROFS), env,
//	                         whether a service-account token is mounted
//	probe write PATH         create PATH/.probe-write (or PATH when it is not a directory); exit 1 on error
//	probe dial HOST:PORT [TIMEOUT]   TCP connect (default timeout 2s), read one line; exit 1 on failure
//	probe listen HOST:PORT   serve TCP (as PROBE_LISTEN does)
//	probe sleep              sleep until SIGTERM/SIGINT
//
// Standard library only; built with CGO_ENABLED=0.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const saTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"

type mount struct {
	MountPoint string `json:"mountPoint"`
	FsType     string `json:"fsType"`
	Source     string `json:"source"`
	ReadOnly   bool   `json:"readOnly"`
}

type writable struct {
	Writable bool   `json:"writable"`
	Error    string `json:"error,omitempty"`
}

type report struct {
	Hostname       string              `json:"hostname"`
	UID            int                 `json:"uid"`
	GID            int                 `json:"gid"`
	CapEff         string              `json:"capEff"`
	CapBnd         string              `json:"capBnd"`
	Mounts         []mount             `json:"mounts"`
	Writable       map[string]writable `json:"writable"`
	Env            map[string]string   `json:"env"`
	ServiceAccount bool                `json:"serviceAccountToken"`
	UIDMap         string              `json:"uidMap"`
	Args           []string            `json:"args"`
}

func procStatus(key string) string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// mounts from /proc/self/mountinfo: field 4 is the mount point, field 5 the per-mount options
// ("ro" or "rw"), after " - " come fstype, source and super options.
func mounts() []mount {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	var out []mount
	for _, line := range strings.Split(string(data), "\n") {
		pre, post, ok := strings.Cut(line, " - ")
		if !ok {
			continue
		}
		f := strings.Fields(pre)
		g := strings.Fields(post)
		if len(f) < 6 || len(g) < 2 {
			continue
		}
		ro := false
		for _, o := range strings.Split(f[5], ",") {
			if o == "ro" {
				ro = true
			}
		}
		out = append(out, mount{MountPoint: unescape(f[4]), FsType: g[0], Source: g[1], ReadOnly: ro})
	}
	return out
}

func unescape(s string) string {
	return strings.NewReplacer(`\040`, " ", `\011`, "\t", `\012`, "\n", `\134`, `\`).Replace(s)
}

func tryWrite(p string) error {
	target := p
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		target = filepath.Join(p, ".probe-write")
	}
	f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString("probe\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && target != p {
		_ = os.Remove(target)
	}
	return err
}

func buildReport(paths []string) report {
	host, _ := os.Hostname()
	r := report{
		Hostname: host,
		UID:      os.Getuid(),
		GID:      os.Getgid(),
		CapEff:   procStatus("CapEff"),
		CapBnd:   procStatus("CapBnd"),
		Mounts:   mounts(),
		Writable: map[string]writable{},
		Env:      map[string]string{},
		Args:     os.Args,
	}
	for _, p := range paths {
		if err := tryWrite(p); err != nil {
			r.Writable[p] = writable{Writable: false, Error: err.Error()}
		} else {
			r.Writable[p] = writable{Writable: true}
		}
	}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		r.Env[k] = v
	}
	if b, err := os.ReadFile("/proc/self/uid_map"); err == nil {
		r.UIDMap = string(b)
	}
	_, err := os.Stat(saTokenPath)
	r.ServiceAccount = err == nil
	return r
}

func printReport(paths []string) {
	b, _ := json.Marshal(buildReport(paths))
	fmt.Println(string(b))
}

func waitSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
	<-ch
	os.Exit(0)
}

func listen(addr string) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	fmt.Println("listening on", l.Addr())
	go waitSignal()
	host, _ := os.Hostname()
	for {
		c, err := l.Accept()
		if err != nil {
			continue
		}
		go func(c net.Conn) {
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(5 * time.Second))
			fmt.Fprintf(c, "probe %s\n", host)
		}(c)
	}
}

func dial(addr string, timeout time.Duration) int {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		fmt.Println("dial error:", err)
		return 1
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(timeout))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		fmt.Println("read error:", err)
		return 1
	}
	fmt.Print("ok ", line)
	return 0
}

func main() {
	args := os.Args[1:]
	switch filepath.Base(os.Args[0]) {
	case "pause":
		waitSignal()
	case "true":
		os.Exit(0)
	case "bash", "sh":
		if len(args) >= 2 && args[0] == "-c" {
			if !strings.Contains(args[1], "sysbox-deploy-k8s.sh") {
				os.Exit(0)
			}
			args = nil // stand-in mode
		}
	}
	cmd := ""
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "report":
		printReport(args[1:])
	case "write":
		if len(args) < 2 {
			fmt.Fprintln(os.Stderr, "usage: probe write PATH")
			os.Exit(2)
		}
		if err := tryWrite(args[1]); err != nil {
			fmt.Println("write error:", err)
			os.Exit(1)
		}
		fmt.Println("ok")
	case "dial":
		if len(args) < 2 {
			fmt.Fprintln(os.Stderr, "usage: probe dial HOST:PORT [TIMEOUT]")
			os.Exit(2)
		}
		timeout := 2 * time.Second
		if len(args) > 2 {
			if d, err := time.ParseDuration(args[2]); err == nil && d > 0 && d <= 30*time.Second {
				timeout = d
			}
		}
		os.Exit(dial(args[1], timeout))
	case "listen":
		if len(args) < 2 {
			fmt.Fprintln(os.Stderr, "usage: probe listen HOST:PORT")
			os.Exit(2)
		}
		listen(args[1])
	case "sleep":
		waitSignal()
	default:
		// stand-in mode: report, then stay up like the program it replaces
		printReport(strings.Fields(os.Getenv("PROBE_WRITABLE")))
		if addr := os.Getenv("PROBE_LISTEN"); addr != "" {
			listen(addr)
		}
		waitSignal()
	}
}
