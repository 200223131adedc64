import fs from 'node:fs';
import path from 'node:path';
import type { ZBClient } from 'zeebe-node';

/**
 * Deploys every .bpmn in processes/ and every .form in forms/ through zeebe-node, as against a real cluster.
 * Unchanged files are recognised by the engine and keep their version.
 */
export async function deployFolders(client: ZBClient, root: string): Promise<string[]> {
  const deployed: string[] = [];
  for (const [folder, extension] of [['processes', '.bpmn'], ['forms', '.form']] as const) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(extension)).sort()) {
      const content = fs.readFileSync(path.join(dir, file));
      if (extension === '.bpmn') await client.deployResource({ process: content, name: file });
      else await client.deployResource({ form: content, name: file });
      deployed.push(`${folder}/${file}`);
    }
  }
  return deployed;
}
