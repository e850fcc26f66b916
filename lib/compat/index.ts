export * from "./errors";
export * from "./version";
export * from "./features";
export * from "./sysbox";
export * from "./nodes";
export * from "./machine-sizes";
export * from "./node-pools";
export * from "./pod-security";
