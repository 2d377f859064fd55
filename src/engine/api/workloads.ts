// Defaulting of the workload and core kinds other than Pod, as kube-apiserver 1.32 applies
// it (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go, core Service defaults),
// plus the Job strategy's generated selector and labels.

import type { KubeObject } from "../types.ts";
import { schemeDefaultPod } from "./defaults.ts";

type Obj = Record<string, any>;

/** SetDefaults_PodTemplateSpec: the pod spec defaults inside a template. */
export function defaultTemplate(t: Obj | undefined): void {
  if (!t) return;
  t.metadata ??= {};
  if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
  const pod = { apiVersion: "v1", kind: "Pod", metadata: {}, spec: (t.spec ??= {}) } as KubeObject;
  schemeDefaultPod(pod, { template: true });
}

/** Kinds with a spec this module defaults (others — Endpoints, ConfigMaps, Secrets … — get none added). */
const WITH_SPEC = new Set(["deployments", "replicasets", "daemonsets", "jobs", "cronjobs", "statefulsets", "horizontalpodautoscalers"]);

export function defaultWorkload(resource: string, o: KubeObject): void {
  if (!WITH_SPEC.has(resource)) return;
  const spec: Obj = (o.spec ??= {});
  switch (resource) {
    case "deployments": {
      spec.replicas ??= 1;
      spec.strategy ??= {};
      spec.strategy.type ??= "RollingUpdate";
      if (spec.strategy.type === "RollingUpdate") {
        spec.strategy.rollingUpdate ??= {};
        spec.strategy.rollingUpdate.maxUnavailable ??= "25%";
        spec.strategy.rollingUpdate.maxSurge ??= "25%";
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      defaultTemplate(spec.template);
      o.status ??= {};
      break;
    }
    case "replicasets":
      spec.replicas ??= 1;
      defaultTemplate(spec.template);
      o.status ??= { replicas: 0 };
      break;
    case "daemonsets":
      spec.updateStrategy ??= {};
      spec.updateStrategy.type ??= "RollingUpdate";
      if (spec.updateStrategy.type === "RollingUpdate") {
        spec.updateStrategy.rollingUpdate ??= {};
        spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
        spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
      }
      spec.revisionHistoryLimit ??= 10;
      defaultTemplate(spec.template);
      o.status ??= { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      if (o.metadata.annotations?.["deprecated.daemonset.template.generation"] === undefined) {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), "deprecated.daemonset.template.generation": "1" };
      }
      break;
    case "jobs":
      defaultJobSpec(spec);
      o.status ??= {};
      break;
    case "cronjobs":
      spec.concurrencyPolicy ??= "Allow";
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      spec.jobTemplate ??= {};
      spec.jobTemplate.metadata ??= {};
      if (spec.jobTemplate.metadata.creationTimestamp === undefined) spec.jobTemplate.metadata.creationTimestamp = null;
      defaultJobSpec((spec.jobTemplate.spec ??= {}), true);
      o.status ??= {};
      break;
    case "statefulsets":
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= "OrderedReady";
      // SetDefaults_StatefulSet: a RollingUpdate block only when the type was unset
      spec.updateStrategy ??= {};
      if (!spec.updateStrategy.type) {
        spec.updateStrategy.type = "RollingUpdate";
        spec.updateStrategy.rollingUpdate ??= {};
      }
      if (spec.updateStrategy.type === "RollingUpdate" && spec.updateStrategy.rollingUpdate) spec.updateStrategy.rollingUpdate.partition ??= 0;
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= {};
      spec.persistentVolumeClaimRetentionPolicy.whenDeleted ||= "Retain";
      spec.persistentVolumeClaimRetentionPolicy.whenScaled ||= "Retain";
      defaultTemplate(spec.template);
      // the claim templates get the PersistentVolumeClaim defaults (and print as full objects)
      for (const t of spec.volumeClaimTemplates ?? []) {
        t.apiVersion ??= "v1";
        t.kind ??= "PersistentVolumeClaim";
        t.metadata ??= {};
        if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
        t.spec ??= {};
        t.spec.volumeMode ??= "Filesystem";
        t.status ??= { phase: "Pending" };
      }
      o.status ??= { replicas: 0, availableReplicas: 0 };
      break;
    case "horizontalpodautoscalers":
      defaultHpa(o);
      break;
  }
}

/**
 * An HPA is stored as autoscaling/v2: an autoscaling/v1 object is converted
 * (targetCPUUtilizationPercentage → a cpu Utilization metric), then SetDefaults_HorizontalPodAutoscaler
 * (minReplicas 1, a cpu metric at 80% when there is none); the strategy resets the status.
 */
function defaultHpa(o: KubeObject): void {
  const spec: Obj = o.spec;
  if (o.apiVersion === "autoscaling/v1") {
    o.apiVersion = "autoscaling/v2";
    const pct = spec.targetCPUUtilizationPercentage;
    delete spec.targetCPUUtilizationPercentage;
    if (pct !== undefined && pct !== null) spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: pct } } }];
  }
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length) spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
  // PrepareForCreate resets the status (an update keeps what it carries)
  if (!o.metadata.resourceVersion) o.status = { desiredReplicas: 0 };
}

function defaultJobSpec(spec: Obj, inTemplate = false): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  if (!spec.podFailurePolicy) spec.podReplacementPolicy ??= "TerminatingOrFailed";
  if (spec.manualSelector === undefined) delete spec.manualSelector;
  defaultTemplate(spec.template);
  void inTemplate;
}

/** The Job strategy's PrepareForCreate (after the uid is known): generated selector and labels. */
export function jobGeneratedSelector(o: KubeObject): void {
  if (o.spec?.manualSelector) return;
  const uid = o.metadata.uid!;
  const t = (o.spec.template ??= {});
  t.metadata ??= {};
  const labels = (t.metadata.labels ??= {});
  labels["batch.kubernetes.io/controller-uid"] ??= uid;
  labels["batch.kubernetes.io/job-name"] ??= o.metadata.name!;
  labels["controller-uid"] ??= uid;
  labels["job-name"] ??= o.metadata.name!;
  o.spec.selector ??= {};
  o.spec.selector.matchLabels ??= {};
  o.spec.selector.matchLabels["batch.kubernetes.io/controller-uid"] ??= uid;
}

/** Service defaults and cluster IP allocation. */
export function defaultService(o: KubeObject, allocate: () => string): void {
  const spec: Obj = (o.spec ??= {});
  spec.type ??= "ClusterIP";
  if (spec.type !== "ExternalName") {
    if (spec.clusterIP === undefined || spec.clusterIP === "") spec.clusterIP = allocate();
    spec.clusterIPs ??= spec.clusterIP === "None" ? ["None"] : [spec.clusterIP];
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
    spec.internalTrafficPolicy ??= "Cluster";
  }
  spec.sessionAffinity ??= "None";
  for (const p of spec.ports ?? []) {
    p.protocol ??= "TCP";
    if (spec.type !== "ExternalName" && spec.clusterIP !== "None") p.targetPort ??= p.port;
    else p.targetPort ??= p.port;
  }
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") spec.externalTrafficPolicy ??= "Cluster";
  o.status ??= { loadBalancer: {} };
}
