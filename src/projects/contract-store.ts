import type { Knex } from 'knex';
import { fileInArchive } from './archive';
import { recordStatusChange } from './project-record';

/** The tripartite contract of a project (Art. 16), as written by project-construction. */
export interface ContractRecord {
  id: string;
  projectId: string;
  userUnit: string;
  constructionUnit: string;
  implementingUnit: string;
  vendorUsername: string | null;
  startDate: string;
  endDate: string;
  amount: string | null;
  status: string;
  termExceptionReason: string | null;
  signedAt: Date;
}

export type NewContract = Omit<ContractRecord, 'status'>;

export async function insertContract(db: Knex, contract: NewContract): Promise<void> {
  await db('contracts').insert({
    id: contract.id,
    project_id: contract.projectId,
    user_unit: contract.userUnit,
    construction_unit: contract.constructionUnit,
    implementing_unit: contract.implementingUnit,
    vendor_username: contract.vendorUsername,
    start_date: contract.startDate,
    end_date: contract.endDate,
    amount: contract.amount,
    status: 'active',
    term_exception_reason: contract.termExceptionReason,
    signed_at: contract.signedAt,
  });
}

/** The project's most recently signed contract, which acceptance is organised against (Art. 19). */
export async function latestContract(db: Knex, projectId: string): Promise<ContractRecord | undefined> {
  // Dates as text from SQL: PGlite gives a date column as UTC midnight and node-pg as local midnight, so a
  // Date would turn into the day before in some time zone on one of them.
  const row = await db('contracts')
    .where({ project_id: projectId })
    .orderBy('signed_at', 'desc')
    .first('*', db.raw(`to_char(start_date, 'YYYY-MM-DD') as start_day`), db.raw(`to_char(end_date, 'YYYY-MM-DD') as end_day`));
  if (!row) return undefined;
  return {
    id: row.id,
    projectId: row.project_id,
    userUnit: row.user_unit,
    constructionUnit: row.construction_unit,
    implementingUnit: row.implementing_unit,
    vendorUsername: row.vendor_username,
    startDate: row.start_day,
    endDate: row.end_day,
    amount: row.amount === null ? null : String(row.amount),
    status: row.status,
    termExceptionReason: row.term_exception_reason,
    signedAt: new Date(row.signed_at),
  };
}


/**
 * Art. 16: records the tripartite contract, files it (and the Bureau's term exception, if any) in the
 * archive and puts the project in construction, filing that status change too, in one transaction. Returns
 * false when a contract with this id exists already: the caller derives the id from its job, so that is a
 * retry finding its own contract, and nothing is filed twice.
 */
export async function signContract(
  db: Knex,
  contract: NewContract,
  filing: { processInstanceKey: string; fromStatus: string; verdict: unknown },
): Promise<boolean> {
  if (await contractExists(db, contract.id)) return false;
  await db.transaction(async (trx) => {
    await insertContract(trx, contract);
    if (contract.termExceptionReason) {
      await fileInArchive(trx, {
        projectId: contract.projectId,
        kind: 'term-exception-decision',
        title: '合同期限例外决定（原则上不超过三年）',
        content: { contractId: contract.id, startDate: contract.startDate, endDate: contract.endDate, reason: contract.termExceptionReason, decidedBy: 'big-data-bureau' },
        filedBy: 'big-data-bureau',
        processInstanceKey: filing.processInstanceKey,
        filedAt: contract.signedAt,
      });
    }
    await fileInArchive(trx, {
      projectId: contract.projectId,
      kind: 'contract',
      title: '项目采购合同（三方）',
      content: {
        contractId: contract.id,
        userUnit: contract.userUnit,
        constructionUnit: contract.constructionUnit,
        implementingUnit: contract.implementingUnit,
        startDate: contract.startDate,
        endDate: contract.endDate,
        amount: contract.amount,
        termExceptionReason: contract.termExceptionReason,
      },
      processInstanceKey: filing.processInstanceKey,
      filedAt: contract.signedAt,
    });
    await recordStatusChange(trx, {
      projectId: contract.projectId,
      from: filing.fromStatus,
      to: 'in-construction',
      title: '合同签订，项目转入建设',
      verdict: filing.verdict,
      processInstanceKey: filing.processInstanceKey,
      at: contract.signedAt,
    });
  });
  return true;
}

export async function contractExists(db: Knex, contractId: string): Promise<boolean> {
  return (await db('contracts').where({ id: contractId }).first('id')) !== undefined;
}
