import { ZBClient } from 'zeebe-node';
import { DEMO_PROJECTS } from '../src/seed/demo-projects';

/**
 * Starts project-lifecycle for one project on the running application (npm start), so a user can walk it
 * through construction, acceptance and operation in the task list:
 *   npx tsx scripts/start-lifecycle.ts [projectId]      (default: the first demo project)
 * ZEEBE_ADDRESS (default localhost:26500) names the gateway.
 */
async function main(): Promise<void> {
  const projectId = process.argv[2] ?? DEMO_PROJECTS[0].id;
  const project = DEMO_PROJECTS.find((p) => p.id === projectId);
  const departmentId = process.argv[3] ?? project?.department_id;
  if (!departmentId) throw new Error(`Expected a department id after '${projectId}', since it is not a demo project`);
  const client = new ZBClient(process.env.ZEEBE_ADDRESS ?? 'localhost:26500', { loglevel: 'NONE', useTLS: false });
  try {
    const created = await client.createProcessInstance({ bpmnProcessId: 'project-lifecycle', variables: { projectId, departmentId } });
    console.log(`Started project-lifecycle ${created.processInstanceKey} for ${projectId} (${departmentId})`);
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
