import { status } from '@grpc/grpc-js';
import type { Engine } from '../engine';
import { prepareDeployment } from '../model/prepare-deployment';
import { deploy, type FormMetadata, type ProcessMetadata } from '../processing/commands/deploy';
import { cancelInstance, createInstance, resolveIncident, setVariables } from '../processing/commands/instance-commands';
import { completeJob, failJob, throwJobError, updateJobRetries } from '../processing/commands/job-commands';
import { broadcastSignal, publishMessage } from '../processing/commands/message-commands';
import type { FinishedInstance } from '../processing/context';
import { GatewayError, keyOf, parseVariables, responseOf } from './errors';

export const GATEWAY_VERSION = '8.3.0';
/** The real gateway's default for CreateProcessInstanceWithResult when the request gives none. */
const DEFAULT_RESULT_TIMEOUT_MS = 15_000;

type Handler = (request: any) => Promise<unknown>;

/** The unary RPCs: each parses its request, runs one engine command, and maps the outcome. */
export function unaryHandlers(engine: Engine, port: () => number): Record<string, Handler> {
  const run = async <T>(work: Parameters<Engine['submit']>[0]) => responseOf<T>(await engine.submit(work));

  const deployResources = async (resources: Array<{ name: string; content: Buffer }>) => {
    const prepared = await prepareDeployment(resources);
    const names = resources.map((r) => r.name);
    return run<{ deploymentKey: string; processesMetadata: ProcessMetadata[]; formMetadata: FormMetadata[] }>((rt) =>
      deploy(rt, prepared.ok ? prepared.resources : { rejected: prepared.reason, names }),
    );
  };

  return {
    Topology: async () => ({
      brokers: [
        {
          nodeId: 0,
          host: '127.0.0.1',
          port: port(),
          partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
          version: GATEWAY_VERSION,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: GATEWAY_VERSION,
    }),

    DeployResource: async (request) => {
      const result = await deployResources(request.resources ?? []);
      const processes = result.processesMetadata.map(({ bpmnProcessId, version, processDefinitionKey, resourceName, tenantId }) => ({
        process: { bpmnProcessId, version, processDefinitionKey, resourceName, tenantId },
      }));
      const forms = result.formMetadata.map(({ formId, version, formKey, resourceName, tenantId }) => ({
        form: { formId, version, formKey, resourceName, tenantId },
      }));
      return { key: result.deploymentKey, deployments: [...processes, ...forms], tenantId: '<default>' };
    },

    DeployProcess: async (request) => {
      const resources = (request.processes ?? []).map((p: { name: string; definition: Buffer }) => ({ name: p.name, content: p.definition }));
      const result = await deployResources(resources);
      const processes = result.processesMetadata.map(({ bpmnProcessId, version, processDefinitionKey, resourceName, tenantId }) => ({
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        tenantId,
      }));
      return { key: result.deploymentKey, processes };
    },

    CreateProcessInstance: async (request) => {
      refuseStartInstructions(request);
      const variables = parseVariables(request.variables);
      const response = await run<Record<string, unknown>>((rt) =>
        createInstance(rt, {
          bpmnProcessId: request.bpmnProcessId,
          version: request.version,
          processDefinitionKey: keyOf(request.processDefinitionKey),
          variables,
          intent: 'CREATE',
        }),
      );
      return { ...response, tenantId: '<default>' };
    },

    CreateProcessInstanceWithResult: (request) => createWithResult(engine, request),

    CancelProcessInstance: async (request) => {
      await run((rt) => cancelInstance(rt, keyOf(request.processInstanceKey)));
      return {};
    },

    CompleteJob: async (request) => {
      const variables = parseVariables(request.variables);
      await run((rt) => completeJob(rt, keyOf(request.jobKey), variables));
      return {};
    },

    FailJob: async (request) => {
      const variables = parseVariables(request.variables);
      await run((rt) =>
        failJob(rt, keyOf(request.jobKey), {
          retries: request.retries,
          errorMessage: request.errorMessage ?? '',
          retryBackOff: Number(request.retryBackOff ?? 0),
          variables,
        }),
      );
      return {};
    },

    ThrowError: async (request) => {
      const variables = parseVariables(request.variables);
      await run((rt) =>
        throwJobError(rt, keyOf(request.jobKey), { errorCode: request.errorCode ?? '', errorMessage: request.errorMessage ?? '', variables }),
      );
      return {};
    },

    UpdateJobRetries: async (request) => {
      await run((rt) => updateJobRetries(rt, keyOf(request.jobKey), request.retries));
      return {};
    },

    SetVariables: async (request) => {
      const variables = parseVariables(request.variables);
      return run((rt) => setVariables(rt, { elementInstanceKey: keyOf(request.elementInstanceKey), variables, local: !!request.local }));
    },

    ResolveIncident: async (request) => {
      await run((rt) => resolveIncident(rt, keyOf(request.incidentKey)));
      return {};
    },

    BroadcastSignal: async (request) => {
      const variables = parseVariables(request.variables);
      if (!request.signalName) throw new GatewayError(status.INVALID_ARGUMENT, 'Expected a signal name, but it was empty');
      return run<{ key: string }>((rt) => broadcastSignal(rt, { signalName: request.signalName, variables }));
    },

    PublishMessage: async (request) => {
      const variables = parseVariables(request.variables);
      if (!request.name) throw new GatewayError(status.INVALID_ARGUMENT, 'Expected a message name, but it was empty');
      const response = await run<{ key: string }>((rt) =>
        publishMessage(rt, {
          name: request.name,
          correlationKey: request.correlationKey ?? '',
          timeToLive: Number(request.timeToLive ?? 0),
          messageId: request.messageId ?? '',
          variables,
        }),
      );
      return { key: response.key, tenantId: '<default>' };
    },
  };
}

/** Starting at chosen elements (process instance modification at creation) is not built yet. */
function refuseStartInstructions(request: { startInstructions?: unknown[] }): void {
  if ((request.startInstructions ?? []).length > 0) {
    throw new GatewayError(
      status.INVALID_ARGUMENT,
      'Expected to create a process instance at its none start event, but start instructions are not supported by this engine yet',
    );
  }
}

async function createWithResult(engine: Engine, request: any): Promise<unknown> {
  const inner = request.request ?? {};
  refuseStartInstructions(inner);
  const variables = parseVariables(inner.variables);
  const timeoutMs = Number(request.requestTimeout) > 0 ? Number(request.requestTimeout) : DEFAULT_RESULT_TIMEOUT_MS;
  let settle!: (finished: FinishedInstance | undefined) => void;
  const finished = new Promise<FinishedInstance | undefined>((resolve) => (settle = resolve));
  const outcome = await engine.submit(
    (rt) =>
      createInstance(rt, {
        bpmnProcessId: inner.bpmnProcessId,
        version: inner.version,
        processDefinitionKey: keyOf(inner.processDefinitionKey),
        variables,
        intent: 'CREATE_WITH_AWAITING_RESULT',
      }),
    (result) => settle(result),
  );
  const created = responseOf<{ processDefinitionKey: string; bpmnProcessId: string; version: number; processInstanceKey: string }>(outcome);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const result = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    throw new GatewayError(status.DEADLINE_EXCEEDED, `Time out between gateway and broker: Request timed out after PT${timeoutMs / 1000}S`);
  }
  if (!result || !result.completed) {
    throw new GatewayError(
      status.FAILED_PRECONDITION,
      `Expected process instance '${created.processInstanceKey}' to complete, but it was ${result ? 'terminated' : 'not finished before the engine stopped'}`,
    );
  }
  const names: string[] = request.fetchVariables ?? [];
  const picked = names.length === 0 ? result.variables : Object.fromEntries(names.filter((n) => n in result.variables).map((n) => [n, result.variables[n]]));
  return { ...created, variables: JSON.stringify(picked), tenantId: '<default>' };
}
