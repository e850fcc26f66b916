/**
 * The Kubernetes objects of the hand-written peer, as a platform engineer writes them without cvmkit: the CVM
 * namespace (privileged Pod Security, retained on destroy), its supervisor ServiceAccount and NetworkPolicies,
 * the ValidatingAdmissionPolicy that confines privileged pods to the CVM images, the upstream Sysbox install
 * objects and the image pre-pull DaemonSet — plain object literals, with only the owner annotation and the CVM
 * node selector as parameters. test/unit/bench-peers.test.ts checks that they equal what cvmkit registers.
 */
export function cvmObjects135(owner: string, cvmNodes: boolean) {
    return {
        serviceaccountKubeSystemSysboxLabelNode: {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "sysbox-installer",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "sysbox-label-node",
                namespace: "kube-system",
            },
        },
        namespaceCvmWorkspaces: {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
                annotations: {
                    "cvmkit.dev/deletion-policy": "retain",
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "cvm-namespace",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                    "istio-injection": "disabled",
                    "pod-security.kubernetes.io/audit": "baseline",
                    "pod-security.kubernetes.io/audit-version": "v1.35",
                    "pod-security.kubernetes.io/enforce": "privileged",
                    "pod-security.kubernetes.io/enforce-version": "v1.35",
                    "pod-security.kubernetes.io/warn": "privileged",
                    "pod-security.kubernetes.io/warn-version": "v1.35",
                },
                name: "cvm-workspaces",
            },
        },
        configmapKubeSystemSysboxOperationalAttributes: {
            apiVersion: "v1",
            data: { SYSBOX_FS_CONFIG: "", SYSBOX_MGR_CONFIG: "" },
            kind: "ConfigMap",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "sysbox-installer",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "sysbox-operational-attributes",
                namespace: "kube-system",
            },
        },
        clusterroleSysboxNodeLabeler: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "sysbox-installer",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "sysbox-node-labeler",
            },
            rules: [
                { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
                { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "delete", "watch"] },
            ],
        },
        serviceaccountCvmWorkspacesCvmSupervisor: {
            apiVersion: "v1",
            automountServiceAccountToken: false,
            kind: "ServiceAccount",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "cvm-supervisor",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "cvm-supervisor",
                namespace: "cvm-workspaces",
            },
        },
        networkpolicyCvmWorkspacesCvmkitIngress: {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "network-policy",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "cvmkit-ingress",
                namespace: "cvm-workspaces",
            },
            spec: {
                ingress: [{ from: [{ podSelector: {} }] }],
                podSelector: {},
                policyTypes: ["Ingress"],
            },
        },
        networkpolicyCvmWorkspacesCvmkitEgress: {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "network-policy",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "cvmkit-egress",
                namespace: "cvm-workspaces",
            },
            spec: {
                egress: [
                    { to: [{ namespaceSelector: {} }] },
                    {
                        to: [
                            {
                                ipBlock: {
                                    cidr: "0.0.0.0/0",
                                    except: [
                                        "169.254.169.254/32",
                                        "169.254.170.2/32",
                                        "169.254.170.23/32",
                                        "168.63.129.16/32",
                                    ],
                                },
                            },
                            {
                                ipBlock: {
                                    cidr: "::/0",
                                    except: ["fd00:ec2::254/128", "fd00:ec2::23/128"],
                                },
                            },
                        ],
                    },
                    {
                        ports: [
                            { port: 53, protocol: "UDP" },
                            { port: 53, protocol: "TCP" },
                        ],
                        to: [{ ipBlock: { cidr: "168.63.129.16/32" } }],
                    },
                ],
                podSelector: {},
                policyTypes: ["Egress"],
            },
        },
        validatingadmissionpolicyCvmkitCvmWorkspacesPrivilegedAllowlist: {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicy",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "admission",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "cvmkit-cvm-workspaces-privileged-allowlist",
            },
            spec: {
                failurePolicy: "Fail",
                matchConditions: [
                    {
                        expression:
                            "request.operation != 'UPDATE' || object.spec != oldObject.spec",
                        name: "pod-spec-created-or-changed",
                    },
                ],
                matchConstraints: {
                    resourceRules: [
                        {
                            apiGroups: [""],
                            apiVersions: ["v1"],
                            operations: ["CREATE", "UPDATE"],
                            resources: ["pods", "pods/ephemeralcontainers"],
                        },
                    ],
                },
                validations: [
                    {
                        expression:
                            "!(has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.windowsOptions) && has(object.spec.securityContext.windowsOptions.hostProcess) && object.spec.securityContext.windowsOptions.hostProcess)",
                        message:
                            'cvmkit Pod Security baseline, control "HostProcess": the pod spec is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"HostProcess\\": " + \'spec.securityContext.windowsOptions.hostProcess=true\' + " is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess"',
                        reason: "Forbidden",
                    },
                    {
                        expression: "!(has(object.spec.hostNetwork) && object.spec.hostNetwork)",
                        message:
                            'cvmkit Pod Security baseline, control "Host Namespaces": the pod spec is not allowed in namespace cvm-workspaces. Fix: remove spec.hostNetwork; no pod in this namespace may share the node\'s network namespace, the CVM supervisor included',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Host Namespaces\\": " + \'spec.hostNetwork=true\' + " is not allowed in namespace cvm-workspaces. Fix: remove spec.hostNetwork; no pod in this namespace may share the node\'s network namespace, the CVM supervisor included"',
                        reason: "Forbidden",
                    },
                    {
                        expression: "!(has(object.spec.hostPID) && object.spec.hostPID)",
                        message:
                            'cvmkit Pod Security baseline, control "Host Namespaces": the pod spec is not allowed in namespace cvm-workspaces. Fix: remove spec.hostPID; no pod in this namespace may share the node\'s PID namespace, the CVM supervisor included',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Host Namespaces\\": " + \'spec.hostPID=true\' + " is not allowed in namespace cvm-workspaces. Fix: remove spec.hostPID; no pod in this namespace may share the node\'s PID namespace, the CVM supervisor included"',
                        reason: "Forbidden",
                    },
                    {
                        expression: "!(has(object.spec.hostIPC) && object.spec.hostIPC)",
                        message:
                            'cvmkit Pod Security baseline, control "Host Namespaces": the pod spec is not allowed in namespace cvm-workspaces. Fix: remove spec.hostIPC; no pod in this namespace may share the node\'s IPC namespace, the CVM supervisor included',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Host Namespaces\\": " + \'spec.hostIPC=true\' + " is not allowed in namespace cvm-workspaces. Fix: remove spec.hostIPC; no pod in this namespace may share the node\'s IPC namespace, the CVM supervisor included"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!(has(object.spec.volumes) && object.spec.volumes.exists(v, has(v.hostPath) && !(v.hostPath.path in variables.allowedHostPaths)))",
                        message:
                            'cvmkit Pod Security baseline, control "HostPath Volumes": the pod spec is not allowed in namespace cvm-workspaces. Fix: only the CVM supervisor may mount host paths, and only /usr/src, /lib/modules (supervisor.caching "none")',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"HostPath Volumes\\": " + object.spec.volumes.filter(v, has(v.hostPath) && !(v.hostPath.path in variables.allowedHostPaths)).map(v, \'spec.volumes[name="\' + v.name + \'"].hostPath.path="\' + v.hostPath.path + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: only the CVM supervisor may mount host paths, and only /usr/src, /lib/modules (supervisor.caching \\"none\\")"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!(has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.sysctls) && object.spec.securityContext.sysctls.exists(s, !(s.name in variables.sysctls)))",
                        message:
                            'cvmkit Pod Security baseline, control "Sysctls": the pod spec is not allowed in namespace cvm-workspaces. Fix: set only the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem); the CVM supervisor included',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Sysctls\\": " + \'spec.securityContext.sysctls=\' + \'["\' + object.spec.securityContext.sysctls.filter(s, !(s.name in variables.sysctls)).map(s, s.name).join(\'", "\') + \'"]\' + " is not allowed in namespace cvm-workspaces. Fix: set only the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem); the CVM supervisor included"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!(has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.seccompProfile) && has(object.spec.securityContext.seccompProfile.type) && !(object.spec.securityContext.seccompProfile.type in variables.profileTypes))",
                        message:
                            'cvmkit Pod Security baseline, control "Seccomp": the pod spec is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Seccomp\\": " + \'spec.securityContext.seccompProfile.type="\' + object.spec.securityContext.seccompProfile.type + \'"\' + " is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!(has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.appArmorProfile) && has(object.spec.securityContext.appArmorProfile.type) && !(object.spec.securityContext.appArmorProfile.type in variables.profileTypes))",
                        message:
                            'cvmkit Pod Security baseline, control "AppArmor": the pod spec is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"AppArmor\\": " + \'spec.securityContext.appArmorProfile.type="\' + object.spec.securityContext.appArmorProfile.type + \'"\' + " is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!(has(object.metadata.annotations) && object.metadata.annotations.exists(k, k.startsWith(\"container.apparmor.security.beta.kubernetes.io/\") && !(object.metadata.annotations[k] == '' || object.metadata.annotations[k] == 'runtime/default' || object.metadata.annotations[k].startsWith('localhost/'))))",
                        message:
                            'cvmkit Pod Security baseline, control "AppArmor": the pod spec is not allowed in namespace cvm-workspaces. Fix: use "runtime/default" or "localhost/<profile>", or remove the annotation',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"AppArmor\\": " + object.metadata.annotations.filter(k, k.startsWith("container.apparmor.security.beta.kubernetes.io/") && !(object.metadata.annotations[k] == \'\' || object.metadata.annotations[k] == \'runtime/default\' || object.metadata.annotations[k].startsWith(\'localhost/\'))).map(k, \'metadata.annotations["\' + k + \'"]="\' + object.metadata.annotations[k] + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use \\"runtime/default\\" or \\"localhost/<profile>\\", or remove the annotation"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!(has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.seLinuxOptions) && has(object.spec.securityContext.seLinuxOptions.type) && !(object.spec.securityContext.seLinuxOptions.type in variables.seLinuxTypes))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": the pod spec is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"SELinux\\": " + \'spec.securityContext.seLinuxOptions.type="\' + object.spec.securityContext.seLinuxOptions.type + \'"\' + " is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!((has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.seLinuxOptions) && has(object.spec.securityContext.seLinuxOptions.user) && object.spec.securityContext.seLinuxOptions.user != '') || (has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.seLinuxOptions) && has(object.spec.securityContext.seLinuxOptions.role) && object.spec.securityContext.seLinuxOptions.role != ''))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": the pod spec is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"SELinux\\\": \" + (has(object.spec) && has(object.spec.securityContext) && has(object.spec.securityContext.seLinuxOptions) && has(object.spec.securityContext.seLinuxOptions.user) && object.spec.securityContext.seLinuxOptions.user != '' ? 'spec.securityContext.seLinuxOptions.user=\"' + object.spec.securityContext.seLinuxOptions.user + '\"' : 'spec.securityContext.seLinuxOptions.role=\"' + object.spec.securityContext.seLinuxOptions.role + '\"') + \" is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.image in variables.allowedImages)))",
                        message:
                            'cvmkit Pod Security baseline, control "Privileged Containers": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: remove securityContext.privileged; only the CVM supervisor image (ghcr.io/coder/envbox:0.6.7) may run privileged (setting supervisor.allowedImages)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Privileged Containers\\": " + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.image in variables.allowedImages)).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'securityContext.privileged=true with image "\' + c.image + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove securityContext.privileged; only the CVM supervisor image (ghcr.io/coder/envbox:0.6.7) may run privileged (setting supervisor.allowedImages)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && c.image in variables.allowedImages && (!has(c.command) || c.command != variables.supervisorCommand || (has(c.args) && size(c.args) > 0))))",
                        message:
                            'cvmkit Pod Security baseline, control "Privileged Containers": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: a privileged CVM supervisor container must run exactly command ["/envbox","docker"] with no args (settings supervisor.command, supervisor.pinCommand)',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"Privileged Containers\\\": \" + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && c.image in variables.allowedImages && (!has(c.command) || c.command != variables.supervisorCommand || (has(c.args) && size(c.args) > 0))).map(c, \"spec.containers[name=\\\"\" + c.name + '\"].' + 'command=' + (has(c.command) ? '[\"' + c.command.join('\", \"') + '\"]' : 'unset') + (has(c.args) && size(c.args) > 0 ? ' args=' + '[\"' + c.args.join('\", \"') + '\"]' : '')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: a privileged CVM supervisor container must run exactly command [\\\"/envbox\\\",\\\"docker\\\"] with no args (settings supervisor.command, supervisor.pinCommand)\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && c.securityContext.capabilities.add.exists(x, !(x in variables.capabilities))))",
                        message:
                            'cvmkit Pod Security baseline, control "Capabilities": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: add only capabilities of the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); the supervisor gets what it needs from privileged',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Capabilities\\": " + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && c.securityContext.capabilities.add.exists(x, !(x in variables.capabilities))).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'securityContext.capabilities.add=\' + \'["\' + c.securityContext.capabilities.add.filter(x, !(x in variables.capabilities)).join(\'", "\') + \'"]\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: add only capabilities of the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); the supervisor gets what it needs from privileged"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.seccompProfile) && has(c.securityContext.seccompProfile.type) && !(c.securityContext.seccompProfile.type in variables.profileTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "Seccomp": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Seccomp\\": " + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.seccompProfile) && has(c.securityContext.seccompProfile.type) && !(c.securityContext.seccompProfile.type in variables.profileTypes)).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'securityContext.seccompProfile.type="\' + c.securityContext.seccompProfile.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.appArmorProfile) && has(c.securityContext.appArmorProfile.type) && !(c.securityContext.appArmorProfile.type in variables.profileTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "AppArmor": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"AppArmor\\": " + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.appArmorProfile) && has(c.securityContext.appArmorProfile.type) && !(c.securityContext.appArmorProfile.type in variables.profileTypes)).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'securityContext.appArmorProfile.type="\' + c.securityContext.appArmorProfile.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.type) && !(c.securityContext.seLinuxOptions.type in variables.seLinuxTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"SELinux\\": " + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.type) && !(c.securityContext.seLinuxOptions.type in variables.seLinuxTypes)).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'securityContext.seLinuxOptions.type="\' + c.securityContext.seLinuxOptions.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !((has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '') || (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.role) && c.securityContext.seLinuxOptions.role != '')))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"SELinux\\\": \" + object.spec.containers.filter(c, (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '') || (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.role) && c.securityContext.seLinuxOptions.role != '')).map(c, \"spec.containers[name=\\\"\" + c.name + '\"].' + (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '' ? 'securityContext.seLinuxOptions.user=\"' + c.securityContext.seLinuxOptions.user + '\"' : 'securityContext.seLinuxOptions.role=\"' + c.securityContext.seLinuxOptions.role + '\"')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.procMount) && c.securityContext.procMount != 'Default' && !variables.userNamespaced))",
                        message:
                            'cvmkit Pod Security baseline, control "/proc Mount Type": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: use procMount "Default" or leave it out (any value is allowed with spec.hostUsers: false)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"/proc Mount Type\\": " + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.procMount) && c.securityContext.procMount != \'Default\' && !variables.userNamespaced).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'securityContext.procMount="\' + c.securityContext.procMount + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use procMount \\"Default\\" or leave it out (any value is allowed with spec.hostUsers: false)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)))",
                        message:
                            'cvmkit Pod Security baseline, control "Host Ports": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Host Ports\\": " + object.spec.containers.filter(c, has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'ports[*].hostPort=\' + c.ports.filter(p, has(p.hostPort) && p.hostPort != 0).map(p, string(p.hostPort)).join(\', \')).join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(has(c.securityContext) && has(c.securityContext.windowsOptions) && has(c.securityContext.windowsOptions.hostProcess) && c.securityContext.windowsOptions.hostProcess))",
                        message:
                            'cvmkit Pod Security baseline, control "HostProcess": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"HostProcess\\": " + object.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.windowsOptions) && has(c.securityContext.windowsOptions.hostProcess) && c.securityContext.windowsOptions.hostProcess).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'securityContext.windowsOptions.hostProcess=true\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !((has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') || (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') || (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') || (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '')))",
                        message:
                            'cvmkit Pod Security baseline, control "Probes and lifecycle host": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: remove the host field; probes and lifecycle handlers may only target the pod itself',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"Probes and lifecycle host\\\": \" + object.spec.containers.filter(c, (has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') || (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') || (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') || (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '')).map(c, \"spec.containers[name=\\\"\" + c.name + '\"].' + [(has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') ? \"livenessProbe.httpGet.host=\\\"\" + c.livenessProbe.httpGet.host + '\"' : '', (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') ? \"livenessProbe.tcpSocket.host=\\\"\" + c.livenessProbe.tcpSocket.host + '\"' : '', (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') ? \"readinessProbe.httpGet.host=\\\"\" + c.readinessProbe.httpGet.host + '\"' : '', (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') ? \"readinessProbe.tcpSocket.host=\\\"\" + c.readinessProbe.tcpSocket.host + '\"' : '', (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') ? \"startupProbe.httpGet.host=\\\"\" + c.startupProbe.httpGet.host + '\"' : '', (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') ? \"startupProbe.tcpSocket.host=\\\"\" + c.startupProbe.tcpSocket.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') ? \"lifecycle.postStart.httpGet.host=\\\"\" + c.lifecycle.postStart.httpGet.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') ? \"lifecycle.postStart.tcpSocket.host=\\\"\" + c.lifecycle.postStart.tcpSocket.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') ? \"lifecycle.preStop.httpGet.host=\\\"\" + c.lifecycle.preStop.httpGet.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '') ? \"lifecycle.preStop.tcpSocket.host=\\\"\" + c.lifecycle.preStop.tcpSocket.host + '\"' : ''].filter(s, s != '').join(', ')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: remove the host field; probes and lifecycle handlers may only target the pod itself\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.containers) || object.spec.containers.all(c, !(size(variables.hostPathVolumes) > 0 && !(c.image in variables.allowedImages)))",
                        message:
                            'cvmkit Pod Security baseline, control "HostPath Volumes": a container in spec.containers is not allowed in namespace cvm-workspaces. Fix: pods with hostPath volumes may only run the CVM supervisor image (ghcr.io/coder/envbox:0.6.7); move this container to another pod or drop the hostPath volumes',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"HostPath Volumes\\": " + object.spec.containers.filter(c, size(variables.hostPathVolumes) > 0 && !(c.image in variables.allowedImages)).map(c, "spec.containers[name=\\"" + c.name + \'"].\' + \'image="\' + c.image + \'" in a pod with hostPath volumes\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: pods with hostPath volumes may only run the CVM supervisor image (ghcr.io/coder/envbox:0.6.7); move this container to another pod or drop the hostPath volumes"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.image in variables.allowedImages)))",
                        message:
                            'cvmkit Pod Security baseline, control "Privileged Containers": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: remove securityContext.privileged; only the CVM supervisor image (ghcr.io/coder/envbox:0.6.7) may run privileged (setting supervisor.allowedImages)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Privileged Containers\\": " + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.image in variables.allowedImages)).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'securityContext.privileged=true with image "\' + c.image + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove securityContext.privileged; only the CVM supervisor image (ghcr.io/coder/envbox:0.6.7) may run privileged (setting supervisor.allowedImages)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && c.image in variables.allowedImages && (!has(c.command) || c.command != variables.supervisorCommand || (has(c.args) && size(c.args) > 0))))",
                        message:
                            'cvmkit Pod Security baseline, control "Privileged Containers": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: a privileged CVM supervisor container must run exactly command ["/envbox","docker"] with no args (settings supervisor.command, supervisor.pinCommand)',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"Privileged Containers\\\": \" + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && c.image in variables.allowedImages && (!has(c.command) || c.command != variables.supervisorCommand || (has(c.args) && size(c.args) > 0))).map(c, \"spec.initContainers[name=\\\"\" + c.name + '\"].' + 'command=' + (has(c.command) ? '[\"' + c.command.join('\", \"') + '\"]' : 'unset') + (has(c.args) && size(c.args) > 0 ? ' args=' + '[\"' + c.args.join('\", \"') + '\"]' : '')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: a privileged CVM supervisor container must run exactly command [\\\"/envbox\\\",\\\"docker\\\"] with no args (settings supervisor.command, supervisor.pinCommand)\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && c.securityContext.capabilities.add.exists(x, !(x in variables.capabilities))))",
                        message:
                            'cvmkit Pod Security baseline, control "Capabilities": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: add only capabilities of the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); the supervisor gets what it needs from privileged',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Capabilities\\": " + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && c.securityContext.capabilities.add.exists(x, !(x in variables.capabilities))).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'securityContext.capabilities.add=\' + \'["\' + c.securityContext.capabilities.add.filter(x, !(x in variables.capabilities)).join(\'", "\') + \'"]\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: add only capabilities of the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); the supervisor gets what it needs from privileged"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.seccompProfile) && has(c.securityContext.seccompProfile.type) && !(c.securityContext.seccompProfile.type in variables.profileTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "Seccomp": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Seccomp\\": " + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.seccompProfile) && has(c.securityContext.seccompProfile.type) && !(c.securityContext.seccompProfile.type in variables.profileTypes)).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'securityContext.seccompProfile.type="\' + c.securityContext.seccompProfile.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.appArmorProfile) && has(c.securityContext.appArmorProfile.type) && !(c.securityContext.appArmorProfile.type in variables.profileTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "AppArmor": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"AppArmor\\": " + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.appArmorProfile) && has(c.securityContext.appArmorProfile.type) && !(c.securityContext.appArmorProfile.type in variables.profileTypes)).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'securityContext.appArmorProfile.type="\' + c.securityContext.appArmorProfile.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.type) && !(c.securityContext.seLinuxOptions.type in variables.seLinuxTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"SELinux\\": " + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.type) && !(c.securityContext.seLinuxOptions.type in variables.seLinuxTypes)).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'securityContext.seLinuxOptions.type="\' + c.securityContext.seLinuxOptions.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !((has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '') || (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.role) && c.securityContext.seLinuxOptions.role != '')))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"SELinux\\\": \" + object.spec.initContainers.filter(c, (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '') || (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.role) && c.securityContext.seLinuxOptions.role != '')).map(c, \"spec.initContainers[name=\\\"\" + c.name + '\"].' + (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '' ? 'securityContext.seLinuxOptions.user=\"' + c.securityContext.seLinuxOptions.user + '\"' : 'securityContext.seLinuxOptions.role=\"' + c.securityContext.seLinuxOptions.role + '\"')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.procMount) && c.securityContext.procMount != 'Default' && !variables.userNamespaced))",
                        message:
                            'cvmkit Pod Security baseline, control "/proc Mount Type": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: use procMount "Default" or leave it out (any value is allowed with spec.hostUsers: false)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"/proc Mount Type\\": " + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.procMount) && c.securityContext.procMount != \'Default\' && !variables.userNamespaced).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'securityContext.procMount="\' + c.securityContext.procMount + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use procMount \\"Default\\" or leave it out (any value is allowed with spec.hostUsers: false)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)))",
                        message:
                            'cvmkit Pod Security baseline, control "Host Ports": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Host Ports\\": " + object.spec.initContainers.filter(c, has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'ports[*].hostPort=\' + c.ports.filter(p, has(p.hostPort) && p.hostPort != 0).map(p, string(p.hostPort)).join(\', \')).join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.windowsOptions) && has(c.securityContext.windowsOptions.hostProcess) && c.securityContext.windowsOptions.hostProcess))",
                        message:
                            'cvmkit Pod Security baseline, control "HostProcess": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"HostProcess\\": " + object.spec.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.windowsOptions) && has(c.securityContext.windowsOptions.hostProcess) && c.securityContext.windowsOptions.hostProcess).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'securityContext.windowsOptions.hostProcess=true\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !((has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') || (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') || (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') || (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '')))",
                        message:
                            'cvmkit Pod Security baseline, control "Probes and lifecycle host": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: remove the host field; probes and lifecycle handlers may only target the pod itself',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"Probes and lifecycle host\\\": \" + object.spec.initContainers.filter(c, (has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') || (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') || (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') || (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '')).map(c, \"spec.initContainers[name=\\\"\" + c.name + '\"].' + [(has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') ? \"livenessProbe.httpGet.host=\\\"\" + c.livenessProbe.httpGet.host + '\"' : '', (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') ? \"livenessProbe.tcpSocket.host=\\\"\" + c.livenessProbe.tcpSocket.host + '\"' : '', (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') ? \"readinessProbe.httpGet.host=\\\"\" + c.readinessProbe.httpGet.host + '\"' : '', (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') ? \"readinessProbe.tcpSocket.host=\\\"\" + c.readinessProbe.tcpSocket.host + '\"' : '', (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') ? \"startupProbe.httpGet.host=\\\"\" + c.startupProbe.httpGet.host + '\"' : '', (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') ? \"startupProbe.tcpSocket.host=\\\"\" + c.startupProbe.tcpSocket.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') ? \"lifecycle.postStart.httpGet.host=\\\"\" + c.lifecycle.postStart.httpGet.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') ? \"lifecycle.postStart.tcpSocket.host=\\\"\" + c.lifecycle.postStart.tcpSocket.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') ? \"lifecycle.preStop.httpGet.host=\\\"\" + c.lifecycle.preStop.httpGet.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '') ? \"lifecycle.preStop.tcpSocket.host=\\\"\" + c.lifecycle.preStop.tcpSocket.host + '\"' : ''].filter(s, s != '').join(', ')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: remove the host field; probes and lifecycle handlers may only target the pod itself\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.initContainers) || object.spec.initContainers.all(c, !(size(variables.hostPathVolumes) > 0 && !(c.image in variables.allowedImages)))",
                        message:
                            'cvmkit Pod Security baseline, control "HostPath Volumes": a container in spec.initContainers is not allowed in namespace cvm-workspaces. Fix: pods with hostPath volumes may only run the CVM supervisor image (ghcr.io/coder/envbox:0.6.7); move this container to another pod or drop the hostPath volumes',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"HostPath Volumes\\": " + object.spec.initContainers.filter(c, size(variables.hostPathVolumes) > 0 && !(c.image in variables.allowedImages)).map(c, "spec.initContainers[name=\\"" + c.name + \'"].\' + \'image="\' + c.image + \'" in a pod with hostPath volumes\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: pods with hostPath volumes may only run the CVM supervisor image (ghcr.io/coder/envbox:0.6.7); move this container to another pod or drop the hostPath volumes"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged))",
                        message:
                            'cvmkit Pod Security baseline, control "Privileged Containers": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: remove securityContext.privileged; ephemeral containers are never privileged here, not even with the CVM supervisor image',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Privileged Containers\\": " + object.spec.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'securityContext.privileged=true with image "\' + c.image + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove securityContext.privileged; ephemeral containers are never privileged here, not even with the CVM supervisor image"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && c.securityContext.capabilities.add.exists(x, !(x in variables.capabilities))))",
                        message:
                            'cvmkit Pod Security baseline, control "Capabilities": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: add only capabilities of the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); the supervisor gets what it needs from privileged',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Capabilities\\": " + object.spec.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && c.securityContext.capabilities.add.exists(x, !(x in variables.capabilities))).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'securityContext.capabilities.add=\' + \'["\' + c.securityContext.capabilities.add.filter(x, !(x in variables.capabilities)).join(\'", "\') + \'"]\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: add only capabilities of the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); the supervisor gets what it needs from privileged"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.seccompProfile) && has(c.securityContext.seccompProfile.type) && !(c.securityContext.seccompProfile.type in variables.profileTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "Seccomp": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Seccomp\\": " + object.spec.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.seccompProfile) && has(c.securityContext.seccompProfile.type) && !(c.securityContext.seccompProfile.type in variables.profileTypes)).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'securityContext.seccompProfile.type="\' + c.securityContext.seccompProfile.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use seccompProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.appArmorProfile) && has(c.securityContext.appArmorProfile.type) && !(c.securityContext.appArmorProfile.type in variables.profileTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "AppArmor": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type "RuntimeDefault" or "Localhost", or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"AppArmor\\": " + object.spec.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.appArmorProfile) && has(c.securityContext.appArmorProfile.type) && !(c.securityContext.appArmorProfile.type in variables.profileTypes)).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'securityContext.appArmorProfile.type="\' + c.securityContext.appArmorProfile.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use appArmorProfile.type \\"RuntimeDefault\\" or \\"Localhost\\", or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.type) && !(c.securityContext.seLinuxOptions.type in variables.seLinuxTypes)))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"SELinux\\": " + object.spec.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.type) && !(c.securityContext.seLinuxOptions.type in variables.seLinuxTypes)).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'securityContext.seLinuxOptions.type="\' + c.securityContext.seLinuxOptions.type + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use seLinuxOptions.type container_t, container_init_t, container_kvm_t, container_engine_t or leave it out"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !((has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '') || (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.role) && c.securityContext.seLinuxOptions.role != '')))",
                        message:
                            'cvmkit Pod Security baseline, control "SELinux": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"SELinux\\\": \" + object.spec.ephemeralContainers.filter(c, (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '') || (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.role) && c.securityContext.seLinuxOptions.role != '')).map(c, \"spec.ephemeralContainers[name=\\\"\" + c.name + '\"].' + (has(c.securityContext) && has(c.securityContext.seLinuxOptions) && has(c.securityContext.seLinuxOptions.user) && c.securityContext.seLinuxOptions.user != '' ? 'securityContext.seLinuxOptions.user=\"' + c.securityContext.seLinuxOptions.user + '\"' : 'securityContext.seLinuxOptions.role=\"' + c.securityContext.seLinuxOptions.role + '\"')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: remove seLinuxOptions.user and seLinuxOptions.role\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.procMount) && c.securityContext.procMount != 'Default' && !variables.userNamespaced))",
                        message:
                            'cvmkit Pod Security baseline, control "/proc Mount Type": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: use procMount "Default" or leave it out (any value is allowed with spec.hostUsers: false)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"/proc Mount Type\\": " + object.spec.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.procMount) && c.securityContext.procMount != \'Default\' && !variables.userNamespaced).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'securityContext.procMount="\' + c.securityContext.procMount + \'"\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: use procMount \\"Default\\" or leave it out (any value is allowed with spec.hostUsers: false)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)))",
                        message:
                            'cvmkit Pod Security baseline, control "Host Ports": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"Host Ports\\": " + object.spec.ephemeralContainers.filter(c, has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'ports[*].hostPort=\' + c.ports.filter(p, has(p.hostPort) && p.hostPort != 0).map(p, string(p.hostPort)).join(\', \')).join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove hostPort; no pod in this namespace may bind node ports, the CVM supervisor included (use a Service)"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.windowsOptions) && has(c.securityContext.windowsOptions.hostProcess) && c.securityContext.windowsOptions.hostProcess))",
                        message:
                            'cvmkit Pod Security baseline, control "HostProcess": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess',
                        messageExpression:
                            '"cvmkit Pod Security baseline, control \\"HostProcess\\": " + object.spec.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.windowsOptions) && has(c.securityContext.windowsOptions.hostProcess) && c.securityContext.windowsOptions.hostProcess).map(c, "spec.ephemeralContainers[name=\\"" + c.name + \'"].\' + \'securityContext.windowsOptions.hostProcess=true\').join(\', \') + " is not allowed in namespace cvm-workspaces. Fix: remove securityContext.windowsOptions.hostProcess"',
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !((has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') || (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') || (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') || (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '')))",
                        message:
                            'cvmkit Pod Security baseline, control "Probes and lifecycle host": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: remove the host field; probes and lifecycle handlers may only target the pod itself',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"Probes and lifecycle host\\\": \" + object.spec.ephemeralContainers.filter(c, (has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') || (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') || (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') || (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') || (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') || (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '')).map(c, \"spec.ephemeralContainers[name=\\\"\" + c.name + '\"].' + [(has(c.livenessProbe) && has(c.livenessProbe.httpGet) && has(c.livenessProbe.httpGet.host) && c.livenessProbe.httpGet.host != '') ? \"livenessProbe.httpGet.host=\\\"\" + c.livenessProbe.httpGet.host + '\"' : '', (has(c.livenessProbe) && has(c.livenessProbe.tcpSocket) && has(c.livenessProbe.tcpSocket.host) && c.livenessProbe.tcpSocket.host != '') ? \"livenessProbe.tcpSocket.host=\\\"\" + c.livenessProbe.tcpSocket.host + '\"' : '', (has(c.readinessProbe) && has(c.readinessProbe.httpGet) && has(c.readinessProbe.httpGet.host) && c.readinessProbe.httpGet.host != '') ? \"readinessProbe.httpGet.host=\\\"\" + c.readinessProbe.httpGet.host + '\"' : '', (has(c.readinessProbe) && has(c.readinessProbe.tcpSocket) && has(c.readinessProbe.tcpSocket.host) && c.readinessProbe.tcpSocket.host != '') ? \"readinessProbe.tcpSocket.host=\\\"\" + c.readinessProbe.tcpSocket.host + '\"' : '', (has(c.startupProbe) && has(c.startupProbe.httpGet) && has(c.startupProbe.httpGet.host) && c.startupProbe.httpGet.host != '') ? \"startupProbe.httpGet.host=\\\"\" + c.startupProbe.httpGet.host + '\"' : '', (has(c.startupProbe) && has(c.startupProbe.tcpSocket) && has(c.startupProbe.tcpSocket.host) && c.startupProbe.tcpSocket.host != '') ? \"startupProbe.tcpSocket.host=\\\"\" + c.startupProbe.tcpSocket.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.httpGet) && has(c.lifecycle.postStart.httpGet.host) && c.lifecycle.postStart.httpGet.host != '') ? \"lifecycle.postStart.httpGet.host=\\\"\" + c.lifecycle.postStart.httpGet.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.postStart) && has(c.lifecycle.postStart.tcpSocket) && has(c.lifecycle.postStart.tcpSocket.host) && c.lifecycle.postStart.tcpSocket.host != '') ? \"lifecycle.postStart.tcpSocket.host=\\\"\" + c.lifecycle.postStart.tcpSocket.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.httpGet) && has(c.lifecycle.preStop.httpGet.host) && c.lifecycle.preStop.httpGet.host != '') ? \"lifecycle.preStop.httpGet.host=\\\"\" + c.lifecycle.preStop.httpGet.host + '\"' : '', (has(c.lifecycle) && has(c.lifecycle.preStop) && has(c.lifecycle.preStop.tcpSocket) && has(c.lifecycle.preStop.tcpSocket.host) && c.lifecycle.preStop.tcpSocket.host != '') ? \"lifecycle.preStop.tcpSocket.host=\\\"\" + c.lifecycle.preStop.tcpSocket.host + '\"' : ''].filter(s, s != '').join(', ')).join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: remove the host field; probes and lifecycle handlers may only target the pod itself\"",
                        reason: "Forbidden",
                    },
                    {
                        expression:
                            "!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(c, !(has(c.volumeMounts) && c.volumeMounts.exists(m, m.name in variables.hostPathVolumes)))",
                        message:
                            'cvmkit Pod Security baseline, control "HostPath Volumes": a container in spec.ephemeralContainers is not allowed in namespace cvm-workspaces. Fix: do not mount the pod\'s hostPath volumes in an ephemeral container',
                        messageExpression:
                            "\"cvmkit Pod Security baseline, control \\\"HostPath Volumes\\\": \" + object.spec.ephemeralContainers.filter(c, has(c.volumeMounts) && c.volumeMounts.exists(m, m.name in variables.hostPathVolumes)).map(c, \"spec.ephemeralContainers[name=\\\"\" + c.name + '\"].' + 'volumeMounts=' + '[\"' + c.volumeMounts.filter(m, m.name in variables.hostPathVolumes).map(m, m.name).join('\", \"') + '\"]' + ' (hostPath volumes)').join(', ') + \" is not allowed in namespace cvm-workspaces. Fix: do not mount the pod's hostPath volumes in an ephemeral container\"",
                        reason: "Forbidden",
                    },
                ],
                variables: [
                    { expression: '["ghcr.io/coder/envbox:0.6.7"]', name: "allowedImages" },
                    {
                        expression: '["/usr/src", "/usr/src/", "/lib/modules", "/lib/modules/"]',
                        name: "allowedHostPaths",
                    },
                    { expression: '["/envbox", "docker"]', name: "supervisorCommand" },
                    {
                        expression:
                            '["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]',
                        name: "capabilities",
                    },
                    {
                        expression:
                            '["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]',
                        name: "sysctls",
                    },
                    {
                        expression:
                            '["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]',
                        name: "seLinuxTypes",
                    },
                    { expression: '["RuntimeDefault", "Localhost"]', name: "profileTypes" },
                    {
                        expression:
                            "has(object.spec.volumes) ? object.spec.volumes.filter(v, has(v.hostPath)).map(v, v.name) : []",
                        name: "hostPathVolumes",
                    },
                    {
                        expression: "has(object.spec.hostUsers) && object.spec.hostUsers == false",
                        name: "userNamespaced",
                    },
                ],
            },
        },
        clusterrolebindingSysboxLabelNodeRb: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "sysbox-installer",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "sysbox-label-node-rb",
            },
            roleRef: {
                apiGroup: "rbac.authorization.k8s.io",
                kind: "ClusterRole",
                name: "sysbox-node-labeler",
            },
            subjects: [
                { kind: "ServiceAccount", name: "sysbox-label-node", namespace: "kube-system" },
            ],
        },
        daemonsetCvmWorkspacesCvmImagePrepull: {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "image-prepull",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "cvm-image-prepull",
                namespace: "cvm-workspaces",
            },
            spec: {
                selector: {
                    matchLabels: {
                        "app.kubernetes.io/component": "image-prepull",
                        "app.kubernetes.io/name": "cvmkit",
                    },
                },
                template: {
                    metadata: {
                        annotations: { "sidecar.istio.io/inject": "false" },
                        labels: {
                            "app.kubernetes.io/component": "image-prepull",
                            "app.kubernetes.io/managed-by": "cvmkit",
                            "app.kubernetes.io/name": "cvmkit",
                            "app.kubernetes.io/part-of": "cvmkit",
                        },
                    },
                    spec: {
                        automountServiceAccountToken: false,
                        containers: [
                            {
                                image: "registry.k8s.io/pause:3.10",
                                imagePullPolicy: "IfNotPresent",
                                name: "pause",
                                resources: {
                                    limits: { cpu: "10m", memory: "16Mi" },
                                    requests: { cpu: "1m", memory: "8Mi" },
                                },
                                securityContext: {
                                    allowPrivilegeEscalation: false,
                                    capabilities: { drop: ["ALL"] },
                                    readOnlyRootFilesystem: true,
                                    runAsNonRoot: true,
                                    runAsUser: 65534,
                                },
                            },
                        ],
                        initContainers: [
                            {
                                command: ["/bin/true"],
                                image: "ghcr.io/coder/envbox:0.6.7",
                                imagePullPolicy: "IfNotPresent",
                                name: "pull-0",
                                resources: {
                                    limits: { cpu: "100m", memory: "64Mi" },
                                    requests: { cpu: "10m", memory: "16Mi" },
                                },
                                securityContext: {
                                    allowPrivilegeEscalation: false,
                                    capabilities: { drop: ["ALL"] },
                                    readOnlyRootFilesystem: true,
                                    runAsNonRoot: true,
                                    runAsUser: 65534,
                                },
                            },
                            {
                                command: ["/bin/true"],
                                image: "registry.nestybox.com/nestybox/ubuntu-jammy-systemd-docker",
                                imagePullPolicy: "IfNotPresent",
                                name: "pull-1",
                                resources: {
                                    limits: { cpu: "100m", memory: "64Mi" },
                                    requests: { cpu: "10m", memory: "16Mi" },
                                },
                                securityContext: {
                                    allowPrivilegeEscalation: false,
                                    capabilities: { drop: ["ALL"] },
                                    readOnlyRootFilesystem: true,
                                    runAsNonRoot: true,
                                    runAsUser: 65534,
                                },
                            },
                        ],
                        nodeSelector: cvmNodes
                            ? { "cvmkit.dev/cvm-node": "true", "kubernetes.io/os": "linux" }
                            : { "kubernetes.io/os": "linux" },
                        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
                        serviceAccountName: "cvm-supervisor",
                    },
                },
                updateStrategy: { rollingUpdate: { maxUnavailable: "25%" }, type: "RollingUpdate" },
            },
        },
        daemonsetKubeSystemSysboxDeployK8s: {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "sysbox-installer",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "sysbox-deploy-k8s",
                namespace: "kube-system",
            },
            spec: {
                selector: { matchLabels: { "sysbox-install": "yes" } },
                template: {
                    metadata: {
                        labels: {
                            "app.kubernetes.io/component": "sysbox-installer",
                            "app.kubernetes.io/managed-by": "cvmkit",
                            "app.kubernetes.io/name": "cvmkit",
                            "app.kubernetes.io/part-of": "cvmkit",
                            "sysbox-install": "yes",
                        },
                    },
                    spec: {
                        containers: [
                            {
                                command: [
                                    "bash",
                                    "-c",
                                    "/opt/sysbox/scripts/sysbox-deploy-k8s.sh ce install",
                                ],
                                env: [
                                    {
                                        name: "NODE_NAME",
                                        valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
                                    },
                                    {
                                        name: "SYSBOX_MGR_CONFIG",
                                        valueFrom: {
                                            configMapKeyRef: {
                                                key: "SYSBOX_MGR_CONFIG",
                                                name: "sysbox-operational-attributes",
                                            },
                                        },
                                    },
                                    {
                                        name: "SYSBOX_FS_CONFIG",
                                        valueFrom: {
                                            configMapKeyRef: {
                                                key: "SYSBOX_FS_CONFIG",
                                                name: "sysbox-operational-attributes",
                                            },
                                        },
                                    },
                                ],
                                image: "registry.nestybox.com/nestybox/sysbox-deploy-k8s:v0.7.1-0",
                                imagePullPolicy: "IfNotPresent",
                                name: "sysbox-deploy-k8s",
                                readinessProbe: {
                                    exec: {
                                        command: [
                                            "bash",
                                            "-c",
                                            'test -f /mnt/host/var/lib/sysbox-deploy-k8s/sysbox_installed && test "$(cat /mnt/host/var/lib/sysbox-deploy-k8s/sysbox_installed_version)" = "$(echo "$SYSBOX_VERSION" | sed \'/-[0-9]/!s/.*/&-0/\')"',
                                        ],
                                    },
                                    failureThreshold: 3,
                                    initialDelaySeconds: 15,
                                    periodSeconds: 10,
                                },
                                securityContext: { privileged: true },
                                volumeMounts: [
                                    { mountPath: "/mnt/host/etc", name: "host-etc" },
                                    { mountPath: "/mnt/host/os-release", name: "host-osrelease" },
                                    { mountPath: "/var/run/dbus", name: "host-dbus" },
                                    { mountPath: "/run/systemd", name: "host-run-systemd" },
                                    {
                                        mountPath: "/mnt/host/lib/systemd/system",
                                        name: "host-lib-systemd",
                                    },
                                    {
                                        mountPath: "/mnt/host/etc/systemd/system",
                                        name: "host-etc-systemd",
                                    },
                                    {
                                        mountPath: "/mnt/host/lib/sysctl.d",
                                        name: "host-lib-sysctl",
                                    },
                                    {
                                        mountPath: "/mnt/host/opt/lib/sysctl.d",
                                        name: "host-opt-lib-sysctl",
                                    },
                                    { mountPath: "/mnt/host/usr/bin", name: "host-usr-bin" },
                                    { mountPath: "/mnt/host/opt/bin", name: "host-opt-bin" },
                                    {
                                        mountPath: "/mnt/host/usr/local/bin",
                                        name: "host-usr-local-bin",
                                    },
                                    {
                                        mountPath: "/mnt/host/opt/local/bin",
                                        name: "host-opt-local-bin",
                                    },
                                    {
                                        mountPath: "/mnt/host/usr/lib/modules-load.d",
                                        name: "host-usr-lib-mod-load",
                                    },
                                    {
                                        mountPath: "/mnt/host/opt/lib/modules-load.d",
                                        name: "host-opt-lib-mod-load",
                                    },
                                    { mountPath: "/mnt/host/run", name: "host-run" },
                                    { mountPath: "/mnt/host/var/lib", name: "host-var-lib" },
                                ],
                            },
                        ],
                        nodeSelector: { "sysbox-install": "yes" },
                        serviceAccountName: "sysbox-label-node",
                        tolerations: [
                            {
                                effect: "NoSchedule",
                                key: "sysbox-runtime",
                                operator: "Equal",
                                value: "not-running",
                            },
                        ],
                        volumes: [
                            { hostPath: { path: "/etc" }, name: "host-etc" },
                            { hostPath: { path: "/etc/os-release" }, name: "host-osrelease" },
                            { hostPath: { path: "/var/run/dbus" }, name: "host-dbus" },
                            { hostPath: { path: "/run/systemd" }, name: "host-run-systemd" },
                            { hostPath: { path: "/lib/systemd/system" }, name: "host-lib-systemd" },
                            { hostPath: { path: "/etc/systemd/system" }, name: "host-etc-systemd" },
                            { hostPath: { path: "/lib/sysctl.d" }, name: "host-lib-sysctl" },
                            {
                                hostPath: { path: "/opt/lib/sysctl.d" },
                                name: "host-opt-lib-sysctl",
                            },
                            { hostPath: { path: "/usr/bin/" }, name: "host-usr-bin" },
                            { hostPath: { path: "/opt/bin/" }, name: "host-opt-bin" },
                            { hostPath: { path: "/usr/local/bin/" }, name: "host-usr-local-bin" },
                            { hostPath: { path: "/opt/local/bin/" }, name: "host-opt-local-bin" },
                            {
                                hostPath: { path: "/usr/lib/modules-load.d" },
                                name: "host-usr-lib-mod-load",
                            },
                            {
                                hostPath: { path: "/opt/lib/modules-load.d" },
                                name: "host-opt-lib-mod-load",
                            },
                            { hostPath: { path: "/run" }, name: "host-run" },
                            { hostPath: { path: "/var/lib" }, name: "host-var-lib" },
                        ],
                    },
                },
                updateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: "RollingUpdate" },
            },
        },
        runtimeclassSysboxRunc: {
            apiVersion: "node.k8s.io/v1",
            handler: "sysbox-runc",
            kind: "RuntimeClass",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "sysbox-runtime",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "sysbox-runc",
            },
            scheduling: { nodeSelector: { "sysbox-runtime": "running" } },
        },
        validatingadmissionpolicybindingCvmkitCvmWorkspacesPrivilegedAllowlist: {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicyBinding",
            metadata: {
                annotations: {
                    "cvmkit.dev/owner": owner,
                    "pulumi.com/patchFieldManager": "cvmkit",
                    "pulumi.com/patchForce": "true",
                },
                labels: {
                    "app.kubernetes.io/component": "admission",
                    "app.kubernetes.io/managed-by": "cvmkit",
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/part-of": "cvmkit",
                },
                name: "cvmkit-cvm-workspaces-privileged-allowlist",
            },
            spec: {
                matchResources: {
                    namespaceSelector: {
                        matchLabels: { "kubernetes.io/metadata.name": "cvm-workspaces" },
                    },
                },
                policyName: "cvmkit-cvm-workspaces-privileged-allowlist",
                validationActions: ["Deny"],
            },
        },
    };
}
