/** IPv4/IPv6 CIDR arithmetic for NetworkPolicy checks. Pure. */

/** An address as a number and its family, or undefined when it is not an IP address. */
export function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
        const parts = text.split(".").map(Number);
        if (parts.some((p) => p > 255)) return undefined;
        return { value: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n), bits: 32 };
    }
    if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) return undefined;
    const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const missing = 8 - h.length - t.length;
    if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
    const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...t];
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return { value: groups.reduce((a, g) => (a << 16n) | BigInt(`0x${g}`), 0n), bits: 128 };
}

/** True when `ip` lies in `cidr` (same family). */
export function cidrContains(cidr: string, ip: string): boolean {
    const [base, prefixText] = cidr.split("/");
    const net = parseIp(base ?? "");
    const addr = parseIp(ip);
    if (!net || !addr || net.bits !== addr.bits) return false;
    const prefix = prefixText === undefined ? net.bits : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > net.bits) return false;
    const shift = BigInt(net.bits - prefix);
    return net.value >> shift === addr.value >> shift;
}
