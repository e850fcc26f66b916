/**
 * `cvmkit/stack`: `CvmStack`, one typed stack from a cloud account (or a cluster you run) to a cluster ready
 * for CVMs. Only the chosen cloud's SDK is loaded, when the stack is constructed. The public API is listed
 * by name; `api/stack.api.md` is the reviewed report of this list.
 */
export {
    AwsStackArgs,
    AwsStackNodePoolArgs,
    AzureStackArgs,
    AzureStackNodePoolArgs,
    CvmStackArgs,
    ExistingStackArgs,
    GcpStackArgs,
    GcpStackNodePoolArgs,
    STACK_CLOUDS,
    StackCloud,
    StackCommonArgs,
    StackCvmArgs,
} from "./args";
export { CvmStack, CVM_STACK_TYPE } from "./cvm-stack";
