import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh temporary directory for each test of the calling describe block, removed after the test.
 * Returns a getter, since the directory only exists once a test has begun.
 */
export function useTemporaryDirectory(prefix: string): () => string {
  let directory: string | undefined;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  });
  afterEach(() => {
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });
  return () => {
    if (!directory) throw new Error('Expected to be inside a test: the temporary directory exists only while one runs');
    return directory;
  };
}
