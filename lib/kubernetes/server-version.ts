import { assertSupportedNode, ServerVersionInfo } from "../compat";

/**
 * Reads `/version` from the cluster of a kubeconfig (the default kubeconfig when none is given), with
 * the kubeconfig's own authentication (tokens, client certificates, exec plugins).
 *
 * @param kubeconfig kubeconfig contents (YAML or JSON); `undefined` loads `$KUBECONFIG` or `~/.kube/config`.
 * @param context the context to use; defaults to the kubeconfig's current context.
 */
export async function fetchServerVersion(
    kubeconfig?: string,
    context?: string,
): Promise<ServerVersionInfo> {
    // @kubernetes/client-node fails obscurely inside undici on older Node; say what is wrong instead
    assertSupportedNode();
    const k8s = await import("@kubernetes/client-node");
    const kc = new k8s.KubeConfig();
    if (kubeconfig) {
        kc.loadFromString(kubeconfig);
    } else {
        kc.loadFromDefault();
    }
    if (context) {
        kc.setCurrentContext(context);
    }
    const info = await kc.makeApiClient(k8s.VersionApi).getCode();
    return { gitVersion: info.gitVersion, major: info.major, minor: info.minor };
}
