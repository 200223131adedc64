import type { Knex } from 'knex';

/** Art. 28–29: one inspection of a vendor's service against the contract, with its findings. */
export interface NewInspection {
  /** The job that recorded it: unique on the table, so a retried job records nothing twice. */
  jobKey: string;
  projectId: string;
  contractId: string;
  processInstanceKey: string;
  round: number;
  materials: string | null;
  materialsConfirmedTruthful: boolean;
  outcome: string;
  majorProblem: boolean;
  liabilityNote: string | null;
  rectificationMeasures: string | null;
  /** The contract's status when inspected, before this inspection moved it. */
  contractStatusBefore: string;
  findings: Array<{ type: string; details: string | null }>;
  inspectedAt: Date;
}

export interface StoredInspection {
  id: number;
  round: number;
  outcome: string;
  contractStatusBefore: string;
  inspectedAt: Date;
}

/** The inspection a job recorded, if an earlier attempt of the same job got that far. */
export async function inspectionOfJob(db: Knex, jobKey: string): Promise<StoredInspection | undefined> {
  const row = await db('supervision_inspections').where({ job_key: jobKey }).first('id', 'round', 'outcome', 'contract_status_before', 'inspected_at');
  if (!row) return undefined;
  return { id: row.id, round: row.round, outcome: row.outcome, contractStatusBefore: row.contract_status_before, inspectedAt: new Date(row.inspected_at) };
}

/**
 * Records the inspection and its findings, and runs what must happen with it (the contract's move, the
 * archive) in the same transaction, so either all of it is stored or none.
 */
export async function recordInspection(db: Knex, i: NewInspection, alongside: (trx: Knex, inspectionId: number) => Promise<void>): Promise<number> {
  return db.transaction(async (trx) => {
    const [row] = await trx('supervision_inspections')
      .insert({
        job_key: i.jobKey,
        project_id: i.projectId,
        contract_id: i.contractId,
        process_instance_key: i.processInstanceKey,
        round: i.round,
        materials: i.materials,
        materials_confirmed_truthful: i.materialsConfirmedTruthful,
        outcome: i.outcome,
        major_problem: i.majorProblem,
        liability_note: i.liabilityNote,
        rectification_measures: i.rectificationMeasures,
        contract_status_before: i.contractStatusBefore,
        inspected_at: i.inspectedAt,
      })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    if (i.findings.length > 0) {
      await trx('supervision_findings').insert(i.findings.map((f) => ({ inspection_id: id, finding_type: f.type, details: f.details })));
    }
    await alongside(trx, id);
    return id;
  });
}
