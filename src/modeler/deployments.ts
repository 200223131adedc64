import type { Knex } from 'knex';
import type { ResourceKind } from './drafts';

/** A deployment made from the modeler, with who made it: the engine does not know users. */
export interface ModelerDeployment {
  kind: ResourceKind;
  resourceId: string;
  resourceName: string;
  version: number;
  definitionKey: string;
  deploymentKey: string;
  unchanged: boolean;
  content: string;
  deployedBy: string;
  deployedAt: Date;
}

export async function recordDeployment(db: Knex, deployment: ModelerDeployment): Promise<void> {
  await db('modeler_deployments').insert({
    kind: deployment.kind,
    resource_id: deployment.resourceId,
    resource_name: deployment.resourceName,
    version: deployment.version,
    definition_key: deployment.definitionKey,
    deployment_key: deployment.deploymentKey,
    unchanged: deployment.unchanged,
    content: deployment.content,
    deployed_by: deployment.deployedBy,
    deployed_at: deployment.deployedAt,
  });
}

/** The modeler's deployments of one resource, oldest first, without content. */
export async function listDeployments(db: Knex, kind: ResourceKind, resourceId: string): Promise<Array<Omit<ModelerDeployment, 'content'>>> {
  const rows = await db('modeler_deployments')
    .where({ kind, resource_id: resourceId })
    .select('kind', 'resource_id', 'resource_name', 'version', 'definition_key', 'deployment_key', 'unchanged', 'deployed_by', 'deployed_at')
    .orderBy('id');
  return rows.map((row: any) => ({
    kind: row.kind,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    version: Number(row.version),
    definitionKey: row.definition_key,
    deploymentKey: row.deployment_key,
    unchanged: !!row.unchanged,
    deployedBy: row.deployed_by,
    deployedAt: new Date(row.deployed_at),
  }));
}

/** What the modeler deployed as that version (the first deployment that made it), or undefined. */
export async function findDeployedContent(db: Knex, kind: ResourceKind, resourceId: string, version: number): Promise<string | undefined> {
  const row = await db('modeler_deployments').where({ kind, resource_id: resourceId, version }).orderBy('id').select('content').first();
  return row?.content;
}

/**
 * Why a file of processes/ or forms/ is not deployed at start, by resource name: the modeler has deployed
 * that resource, so the database, not the file, holds the current version. Redeploying the file would
 * make it version n+1 and silently undo the owner's change. To take the file again, open it in the
 * modeler ("File") and deploy it there.
 */
export async function heldBackAtStart(db: Knex): Promise<(resourceName: string) => string | undefined> {
  const rows = await db('modeler_deployments').select('resource_name', 'version', 'deployed_by', 'deployed_at').orderBy('id');
  const latest = new Map<string, { version: number; deployedBy: string; deployedAt: Date }>();
  for (const row of rows) latest.set(row.resource_name, { version: Number(row.version), deployedBy: row.deployed_by, deployedAt: new Date(row.deployed_at) });
  return (resourceName) => {
    const held = latest.get(resourceName);
    return held && `the modeler deployed version ${held.version} (${held.deployedBy}, ${held.deployedAt.toISOString()}); open the file in the modeler and deploy it there to take the file instead`;
  };
}
