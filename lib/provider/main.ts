#!/usr/bin/env node
/**
 * Entry point of the `pulumi-resource-cvmkit` plugin (the launcher script at the repository root runs it
 * with Node 22): serves {@link CvmkitProvider} over Pulumi's provider protocol.
 */
import * as pulumi from "@pulumi/pulumi";
import { CvmkitProvider } from "./provider";
import { version } from "./version";

void pulumi.provider.main(new CvmkitProvider(version()), process.argv.slice(2));
