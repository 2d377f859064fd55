// A scenario file, as instructors write it (YAML, one per file under scenarios/).

export interface Step {
  /** the machine to run on (default controlplane) */
  node?: string;
  /** commands, run in the lab's own shell (a multi-line script is one step) */
  run?: string;
  /** let virtual time pass, in seconds */
  wait?: number;
  /** Kubernetes objects to create through the API (YAML documents) */
  apply?: string;
}

export interface FieldCheck {
  kind: string;
  name: string;
  namespace?: string;
  /** .spec.containers[0].image, .metadata.annotations['kubernetes.io/config.mirror'] … */
  path: string;
  equals?: unknown;
  contains?: string;
  matches?: string;
  oneOf?: unknown[];
}

export interface Check {
  name: string;
  points?: number;
  /** explanation shown when this check fails, after what was observed */
  hint?: string;
  exists?: { kind: string; name: string; namespace?: string };
  absent?: { kind: string; name: string; namespace?: string };
  field?: FieldCheck;
  podRunning?: { name: string; namespace?: string; node?: string; ready?: boolean };
  staticPod?: { name: string; node: string; namespace?: string };
  file?: { node?: string; path: string; exists?: boolean; contains?: string; matches?: string };
  rollout?: { kind: "Deployment" | "DaemonSet" | "StatefulSet"; name: string; namespace?: string };
  shell?: { node?: string; run: string; exitCode?: number; stdoutContains?: string; stdoutMatches?: string };
  /** a TCP connection through the engine's network model (DNS, kube-proxy, NetworkPolicy) */
  connect?: ConnectCheck;
}

export interface ConnectCheck {
  /** a pod (its network namespace) or a node (its host network) */
  from: { pod: string; namespace?: string } | { node: string };
  /** host:port, the host as the source resolves it (Service name, IP …) */
  to: string;
  /** open: connected; refused: connection refused; blocked: dropped (timeout); unresolved: the name does not resolve */
  expect: "open" | "refused" | "blocked" | "unresolved";
}

export interface Scenario {
  id: string;
  title: string;
  description?: string;
  domain?: string;
  tags: string[];
  difficulty?: "easy" | "medium" | "hard";
  minutes?: number;
  /** how the lab's kubeadm cluster differs from the default (docker, one worker node01) */
  cluster?: { runtime?: "docker" | "containerd"; workers?: number };
  setup: Step[];
  task: string;
  hints: string[];
  solution: Step[];
  checks: Check[];
  explanation?: string;
  /** where it came from (file path), for messages */
  source?: string;
}

export interface ScenarioError {
  file: string;
  line?: number;
  message: string;
}
