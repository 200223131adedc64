import fs from 'node:fs';
import path from 'node:path';
import type { ZBClient } from 'zeebe-node';

/**
 * Deploys every .bpmn in processes/ and every .form in forms/ through zeebe-node, as against a real cluster.
 * Unchanged files are recognised by the engine and keep their version. `skip` may hold a file back (the
 * modeler has deployed a newer version of it: redeploying the file would silently revert that); it
 * answers why, and the reason is reported.
 */
export async function deployFolders(
  client: ZBClient,
  root: string,
  skip: (resourceName: string) => string | undefined = () => undefined,
  report: (message: string) => void = () => undefined,
): Promise<string[]> {
  const deployed: string[] = [];
  for (const [folder, extension] of [['processes', '.bpmn'], ['forms', '.form']] as const) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(extension)).sort()) {
      const reason = skip(file);
      if (reason) {
        report(`${folder}/${file} not deployed: ${reason}`);
        continue;
      }
      const content = fs.readFileSync(path.join(dir, file));
      if (extension === '.bpmn') await client.deployResource({ process: content, name: file });
      else await client.deployResource({ form: content, name: file });
      deployed.push(`${folder}/${file}`);
    }
  }
  return deployed;
}
