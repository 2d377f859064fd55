// Every vitest worker: engine self-checks that are too costly for the page.
import { Kubelet } from "../src/engine/node/kubelet/kubelet.ts";

// the kubelet skips building a pod status whose inputs did not change; in tests it builds it
// anyway and fails loudly if the status differs (an input missing from statusInputs)
Kubelet.verifyStatusInputs = true;
