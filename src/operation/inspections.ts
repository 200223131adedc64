import type { Knex } from 'knex';

/** Art. 28–29: one inspection of a vendor's service against the contract, with its findings. */
export interface NewInspection {
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
  findings: Array<{ type: string; details: string | null }>;
  inspectedAt: Date;
}

export async function recordInspection(db: Knex, i: NewInspection): Promise<number> {
  return db.transaction(async (trx) => {
    const [row] = await trx('supervision_inspections')
      .insert({
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
        inspected_at: i.inspectedAt,
      })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    if (i.findings.length > 0) {
      await trx('supervision_findings').insert(i.findings.map((f) => ({ inspection_id: id, finding_type: f.type, details: f.details })));
    }
    return id;
  });
}
