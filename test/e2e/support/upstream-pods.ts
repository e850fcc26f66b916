/**
 * Pods exactly as upstream projects create them, built field by field from their sources, for the
 * must-admit cases of the admission matrix. Only names and namespaces are ours.
 */
import type { Pod } from "kubernetes-types/core/v1";

/** The image of Coder's `kubernetes-envbox` template. */
export const CODER_ENVBOX_IMAGE = "ghcr.io/coder/envbox:latest";

/**
 * The pod of Coder's `kubernetes-envbox` template.
 *
 * Source: coder/coder `examples/templates/kubernetes-envbox/main.tf` (`resource "kubernetes_pod" "main"`,
 * read at commit 08d8bd1e; the same spec as the registry copy, see `coder-cvm-and-envbox.md` §7). Template
 * values are filled in with the template's example values: `min_cpus` "0.1", `max_cpus` "2", `min_memory`
 * "1", `max_memory` "4", `create_fuse`/`create_tun` false (Terraform renders the bools as "false"), the
 * agent token, URL and init script as placeholders. The PVC is `coder-<owner>-<workspace>-home`.
 */
export function coderEnvboxPod(namespace: string, name = "coder-alice-dev"): Pod {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace },
        spec: {
            restartPolicy: "Never",
            containers: [
                {
                    name: "dev",
                    image: CODER_ENVBOX_IMAGE,
                    imagePullPolicy: "Always",
                    command: ["/envbox", "docker"],
                    securityContext: { privileged: true },
                    resources: {
                        requests: { cpu: "0.1", memory: "1G" },
                        limits: { cpu: "2", memory: "4G" },
                    },
                    env: [
                        {
                            name: "CODER_AGENT_TOKEN",
                            value: "00000000-0000-0000-0000-000000000000",
                        },
                        { name: "CODER_AGENT_URL", value: "https://coder.example.com" },
                        {
                            name: "CODER_INNER_IMAGE",
                            value: "index.docker.io/codercom/enterprise-base:ubuntu-20240812",
                        },
                        { name: "CODER_INNER_USERNAME", value: "coder" },
                        { name: "CODER_BOOTSTRAP_SCRIPT", value: "#!/bin/sh\necho agent init" },
                        { name: "CODER_MOUNTS", value: "/home/coder:/home/coder" },
                        { name: "CODER_ADD_FUSE", value: "false" },
                        { name: "CODER_INNER_HOSTNAME", value: "dev" },
                        { name: "CODER_ADD_TUN", value: "false" },
                        {
                            name: "CODER_CPUS",
                            valueFrom: { resourceFieldRef: { resource: "limits.cpu" } },
                        },
                        {
                            name: "CODER_MEMORY",
                            valueFrom: { resourceFieldRef: { resource: "limits.memory" } },
                        },
                    ],
                    volumeMounts: [
                        {
                            mountPath: "/home/coder",
                            name: "home",
                            readOnly: false,
                            subPath: "home",
                        },
                        {
                            mountPath: "/var/lib/coder/docker",
                            name: "home",
                            subPath: "cache/docker",
                        },
                        {
                            mountPath: "/var/lib/coder/containers",
                            name: "home",
                            subPath: "cache/containers",
                        },
                        { mountPath: "/var/lib/sysbox", name: "sysbox" },
                        {
                            mountPath: "/var/lib/containers",
                            name: "home",
                            subPath: "envbox/containers",
                        },
                        { mountPath: "/var/lib/docker", name: "home", subPath: "envbox/docker" },
                        { mountPath: "/usr/src", name: "usr-src" },
                        { mountPath: "/lib/modules", name: "lib-modules" },
                    ],
                },
            ],
            volumes: [
                {
                    name: "home",
                    persistentVolumeClaim: { claimName: `${name}-home`, readOnly: false },
                },
                { name: "sysbox", emptyDir: {} },
                { name: "usr-src", hostPath: { path: "/usr/src", type: "" } },
                { name: "lib-modules", hostPath: { path: "/lib/modules", type: "" } },
            ],
        },
    };
}

/**
 * Sysbox's example pod with the CRI-O user-namespace annotation.
 *
 * Source: nestybox/sysbox `docs/user-guide/deploy.md`, "Deploying Pods with Kubernetes + Sysbox"
 * (`ubu-bio-systemd-docker`), also in `docs/user-guide/install-k8s.md`; `sysbox-on-kubernetes.md` §13.
 */
export function sysboxCrioExamplePod(namespace: string, name = "ubu-bio-systemd-docker"): Pod {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name,
            namespace,
            annotations: { "io.kubernetes.cri-o.userns-mode": "auto:size=65536" },
        },
        spec: {
            runtimeClassName: "sysbox-runc",
            containers: [
                {
                    name: "ubu-bio-systemd-docker",
                    image: "registry.nestybox.com/nestybox/ubuntu-bionic-systemd-docker",
                    command: ["/sbin/init"],
                },
            ],
            restartPolicy: "Never",
        },
    };
}

/**
 * Sysbox's example pod for the containerd path (`hostUsers: false`).
 *
 * Source: nestybox/sysbox `docs/user-guide/deploy.md` (v0.7.x): `runtimeClassName: sysbox-runc`,
 * `hostUsers: false`, image `registry.nestybox.com/nestybox/ubuntu-focal-systemd-docker`,
 * `command: ["/sbin/init"]`, `restartPolicy: Never`; `sysbox-on-kubernetes.md` §13.
 */
export function sysboxHostUsersExamplePod(
    namespace: string,
    name = "ubu-focal-systemd-docker",
): Pod {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace },
        spec: {
            runtimeClassName: "sysbox-runc",
            hostUsers: false,
            containers: [
                {
                    name: "ubu-focal-systemd-docker",
                    image: "registry.nestybox.com/nestybox/ubuntu-focal-systemd-docker",
                    command: ["/sbin/init"],
                },
            ],
            restartPolicy: "Never",
        },
    };
}
