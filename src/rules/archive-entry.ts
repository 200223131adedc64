import { fail, pass, type Verdict } from './verdict';

/** What may be filed in a project archive (Art. 23): every document and decision of the project's life. */
export const ARCHIVE_KINDS = [
  'plan-membership',
  'requirements-report',
  'requirements-confirmation',
  'scheme',
  'review-panel',
  'review-scores',
  'review-decision',
  'procurement-plan',
  'procurement-decision',
  'procurement-result',
  'contract-draft',
  'term-exception-decision',
  'contract',
  'milestone',
  'adjustment-application',
  'adjustment-decision',
  'adjustment-received',
  'scheme-revision',
  'acceptance-application',
  'acceptance-organisation',
  'acceptance-report',
  'rectification',
  'operation-readiness',
  'status-change',
] as const;

export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

export interface ArchiveDraft {
  projectId?: unknown;
  kind?: unknown;
  title?: unknown;
  content?: Record<string, unknown>;
}

/**
 * Art. 23: an archive entry belongs to one project, is of a known kind and carries a title and content, so that
 * the archive, listed per project, tells the project's whole history.
 */
export function archiveEntry(draft: ArchiveDraft): Verdict {
  if (typeof draft.projectId !== 'string' || !draft.projectId) {
    return fail(23, { zh: '档案条目必须属于一个项目', en: 'An archive entry must belong to a project' });
  }
  if (!ARCHIVE_KINDS.includes(draft.kind as ArchiveKind)) {
    return fail(23, { zh: `未知的档案类别“${String(draft.kind)}”`, en: `Unknown archive kind '${String(draft.kind)}'` });
  }
  if (typeof draft.title !== 'string' || !draft.title.trim()) {
    return fail(23, { zh: '档案条目必须有标题', en: 'An archive entry needs a title' });
  }
  if (!draft.content || Object.keys(draft.content).length === 0) {
    return fail(23, { zh: '档案条目内容为空', en: 'An archive entry has no content' });
  }
  return pass(23, { zh: `已归档：${draft.title}`, en: `Filed: ${draft.title}` });
}
