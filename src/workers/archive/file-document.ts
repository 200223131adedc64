import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { archiveEntry } from '../../rules/archive-entry';
import { NeedsPerson, settleJob } from '../job-outcome';

export const FILE_DOCUMENT = 'gx.archive.file';

/**
 * Files what a user task produced in the project archive (Art. 23). The diagram says what: task headers
 * `kind`, `title` and `variables` (comma-separated names copied into the entry) and `filedBy` (the role).
 * A kind the archive does not know is a modelling mistake, so it raises an incident instead of retrying.
 */
export function registerFileDocument(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: FILE_DOCUMENT,
    taskHandler: (job) => {
      const headers = job.customHeaders as Record<string, string>;
      return settleJob(job, `file ${headers.kind} in the archive`, async () => {
        const variables = job.variables as Record<string, unknown>;
        const names = (headers.variables ?? '').split(',').map((n) => n.trim()).filter(Boolean);
        const content = Object.fromEntries(names.filter((n) => variables[n] !== undefined).map((n) => [n, variables[n]]));
        const draft = { projectId: variables.projectId, kind: headers.kind, title: headers.title, content };
        const verdict = archiveEntry(draft);
        if (!verdict.ok) throw new NeedsPerson(`Art. 23: ${verdict.reason.en} (${verdict.reason.zh})`);
        await fileInArchive(deps.db, {
          projectId: draft.projectId as string,
          kind: headers.kind,
          title: headers.title,
          content,
          filedBy: headers.filedBy,
          processInstanceKey: job.processInstanceKey,
          jobKey: job.key,
          filedAt: deps.now(),
        });
        return {};
      });
    },
  });
}
