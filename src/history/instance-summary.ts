import type { LogRecord } from '../engine/log/record';

export type InstanceState = 'active' | 'completed' | 'terminated' | 'incident';

export interface InstanceSummary {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  parentProcessInstanceKey: string | null;
  state: InstanceState;
  startedAt: number;
  endedAt: number | null;
  openIncidents: number;
  records: number;
}

/** Per element: how often it was entered and completed, whether a token is there at the end, its incidents. */
export interface ElementStats {
  activated: number;
  completed: number;
  terminated: number;
  active: number;
  incidents: number;
  openIncidents: number;
}

export function summarise(processInstanceKey: string, records: LogRecord[]): InstanceSummary {
  const events = records.filter((r) => r.recordType === 'EVENT');
  const start = events.find((r) => r.key === processInstanceKey && r.valueType === 'PROCESS_INSTANCE')!;
  const end = events.find((r) => r.key === processInstanceKey && (r.intent === 'ELEMENT_COMPLETED' || r.intent === 'ELEMENT_TERMINATED'));
  const value = start.value as Record<string, any>;
  const openIncidents = openIncidentKeys(events).size;
  const parent = value.parentProcessInstanceKey;
  return {
    processInstanceKey,
    bpmnProcessId: value.bpmnProcessId,
    version: value.version,
    processDefinitionKey: value.processDefinitionKey,
    parentProcessInstanceKey: parent && parent !== '-1' ? String(parent) : null,
    state: end ? (end.intent === 'ELEMENT_COMPLETED' ? 'completed' : 'terminated') : openIncidents > 0 ? 'incident' : 'active',
    startedAt: start.timestamp,
    endedAt: end?.timestamp ?? null,
    openIncidents,
    records: records.length,
  };
}

function openIncidentKeys(events: LogRecord[]): Set<string> {
  const open = new Set<string>();
  for (const r of events) {
    if (r.valueType !== 'INCIDENT') continue;
    if (r.intent === 'CREATED') open.add(r.key);
    if (r.intent === 'RESOLVED') open.delete(r.key);
  }
  return open;
}

/** The counts drawn as badges on the diagram, by element id (sequence flows count as taken). */
export function elementStats(records: LogRecord[]): Record<string, ElementStats> {
  const stats: Record<string, ElementStats> = {};
  const of = (id: string) => (stats[id] ??= { activated: 0, completed: 0, terminated: 0, active: 0, incidents: 0, openIncidents: 0 });
  const events = records.filter((r) => r.recordType === 'EVENT');
  const open = openIncidentKeys(events);
  for (const r of events) {
    const value = r.value as Record<string, any>;
    if (r.valueType === 'PROCESS_INSTANCE' && value.bpmnElementType !== 'PROCESS') {
      const s = of(value.elementId);
      if (r.intent === 'SEQUENCE_FLOW_TAKEN') s.activated += 1;
      if (r.intent === 'ELEMENT_ACTIVATED') {
        s.activated += 1;
        s.active += 1;
      }
      if (r.intent === 'ELEMENT_COMPLETED' || r.intent === 'ELEMENT_TERMINATED') {
        if (r.intent === 'ELEMENT_COMPLETED') s.completed += 1;
        else s.terminated += 1;
        s.active = Math.max(0, s.active - 1);
      }
    }
    if (r.valueType === 'INCIDENT' && r.intent === 'CREATED') {
      const s = of(value.elementId);
      s.incidents += 1;
      if (open.has(r.key)) s.openIncidents += 1;
    }
  }
  return stats;
}
