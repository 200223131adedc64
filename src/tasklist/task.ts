/** A user task as the task list keeps it: one row per io.camunda.zeebe:userTask job. */
export type TaskState = 'open' | 'completing' | 'completed' | 'gone';

export interface Task {
  /** The job key. */
  id: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processName: string;
  elementId: string;
  elementName: string;
  departmentId: string | null;
  formKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: Date | null;
  followUpDate: Date | null;
  variables: Record<string, unknown>;
  state: TaskState;
  createdAt: Date;
  leaseUntil: Date;
  activations: number;
  completedBy: string | null;
  closedAt: Date | null;
}

/** What one activation of a job tells us about its task: the task without what the task list adds to it. */
export type ImportedJob = Omit<Task, 'state' | 'createdAt' | 'activations' | 'completedBy' | 'closedAt'>;
