import * as pulumi from "@pulumi/pulumi";
import { CvmkitProvider } from "./provider";
import { version } from "./version";

/** Serves {@link CvmkitProvider} over Pulumi's provider protocol (the engine passes its address in argv). */
export function serve(args: readonly string[] = process.argv.slice(2)): void {
    void pulumi.provider.main(new CvmkitProvider(version()), [...args]);
}
