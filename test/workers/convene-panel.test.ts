import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { startScenario, type Scenario } from '../helpers/scenario';
import { readRecords } from '../helpers/records';
import { waitFor } from '../helpers/settle';
import { listArchive } from '../../src/projects/archive';

const fixture = fs.readFileSync(path.join(__dirname, 'convene-panel.bpmn'));

describe('worker gx.review.convene-panel (Art. 9, Art. 14)', () => {
  let s: Scenario;
  beforeEach(async () => {
    s = await startScenario({ processes: [] });
    await s.t.client.deployResource({ process: fixture, name: 'convene-panel-fixture.bpmn' });
  });
  afterEach(() => s.stop());

  it('Art. 14: when a department applies, then three experts from outside it are drawn, recorded and given one scoring task each', async () => {
    // Given an expert who works for the applying department
    await s.t.db('users').where({ username: 'expert1' }).update({ department_id: 'dept-a' });
    await s.t.db('users').insert({ username: 'expert4', display_name: '专家 四', password_hash: 'x', department_id: null });
    await s.t.db('user_groups').insert({ username: 'expert4', group_id: 'expert' });
    await s.t.db('projects').insert({ id: 'P-1', name: '智慧教育平台', department_id: 'dept-a', category: 'application', kind: 'new', funding_source: 'regional' });

    const key = await s.start('convene-panel-fixture', { departmentId: 'dept-a', projectId: 'P-1', reviewSubject: '建设方案评审' });
    const first = await s.userTask('score', key);

    const { expertPanel, reviewPanelId } = (await s.variables(key)) as { expertPanel: string[]; reviewPanelId: number };
    expect(expertPanel).to.deep.equal(['expert2', 'expert3', 'expert4']);
    expect(first.assignee).to.be.oneOf(expertPanel);
    const panels = await s.t.db('review_panels').where({ id: reviewPanelId });
    expect(panels).to.have.length(1);
    expect(panels[0].subject).to.equal('建设方案评审');
    expect(panels[0].department_id).to.equal('dept-a');
    const archive = await listArchive(s.t.db, 'P-1');
    expect(archive.map((e) => e.kind)).to.deep.equal(['review-panel']);
    expect(archive[0].content).to.deep.include({ experts: expertPanel });
  });

  it('Art. 14: when too few independent experts exist, then the job fails without retries and an incident tells the Bureau to add experts', async () => {
    await s.t.db('users').whereIn('username', ['expert1', 'expert2']).update({ department_id: 'dept-b' });

    const key = await s.start('convene-panel-fixture', { departmentId: 'dept-b' });

    let incidents: Awaited<ReturnType<typeof readRecords>> = [];
    await waitFor(async () => {
      incidents = await readRecords(s.t.db, { valueType: 'INCIDENT', intent: 'CREATED', processInstanceKey: key });
      return incidents.length > 0;
    });
    expect(incidents[0].value.errorMessage).to.contain('Art. 14').and.contain('add experts');
    const [{ n }] = await s.t.db('review_panels').count<{ n: string }[]>('* as n');
    expect(Number(n)).to.equal(0);
  });
});
