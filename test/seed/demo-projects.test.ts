import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { seedDemoData } from '../../src/seed/demo-seed';
import { planMembership } from '../../src/rules/plan-membership';
import { findProject } from '../../src/projects/project-record';

const CATEGORIES = ['infrastructure', 'application', 'information-resources', 'security'];
const KINDS = ['new', 'extension', 'upgrade'];
const FUNDING = ['regional', 'central', 'special'];

describe('demo projects (Art. 2, Art. 3, Art. 5)', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await seedDemoData(t.db);
  });

  after(() => t.stop());

  it('Art. 2 and Art. 3: when the demo is seeded, then each department has one project with a category, kind and funding source from the articles', async () => {
    const projects = await t.db('projects').orderBy('department_id');
    expect(projects.map((p) => p.department_id)).to.deep.equal(['dept-a', 'dept-b']);
    for (const p of projects) {
      expect(CATEGORIES).to.include(p.category);
      expect(KINDS).to.include(p.kind);
      expect(FUNDING).to.include(p.funding_source);
    }
  });

  it('Art. 5: when the demo is seeded, then both projects are items of the approved 2027 plan, ready for construction', async () => {
    for (const id of await t.db('projects').pluck('id')) {
      const project = await findProject(t.db, id);
      expect(project!.planYear).to.equal(2027);
      expect(planMembership(project).ok).to.equal(true);
    }
  });
});
