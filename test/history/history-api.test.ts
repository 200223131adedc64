import { expect } from 'chai';
import { startHarness, type Harness } from '../tasklist/harness';

/**
 * The auditors' history API over a real task-list run: the clerk claims, comments and completes a request,
 * then the auditor reads the instance, replays it, reads a variable's history and searches.
 */
describe('history: read API for auditors and the Bureau', function () {
  this.timeout(60_000);
  let h: Harness;
  let key: string;
  let auditor: string;

  before(async () => {
    h = await startHarness();
    key = await h.start('tl-request', { departmentId: 'dept-a', projectId: 'gx-2027-edu-identity' });
    const fill = await h.task(key, 'FillRequest');
    const clerk = h.token('clerk-a');
    expect((await h.api('POST', `/api/tasks/${fill.id}/claim`, { token: clerk })).status).to.equal(200);
    expect((await h.api('POST', `/api/tasks/${fill.id}/comments`, { token: clerk, body: { text: '已核实 / checked' } })).status).to.equal(201);
    h.t.clock.advance(60_000);
    const done = await h.api('POST', `/api/tasks/${fill.id}/complete`, {
      token: clerk,
      body: { variables: { projectName: '智慧校园二期', estimate: '2500000', serviceContact: '13800001111', urgency: 'urgent' } },
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    await h.task(key, 'ReviewRequest');
    auditor = h.token('auditor');
  });
  after(() => h.stop());

  it('when a clerk asks for the history, then 403; the auditor and the Bureau read it', async () => {
    expect((await h.api('GET', '/api/history/instances', { token: h.token('clerk-a') })).status).to.equal(403);
    expect((await h.api('GET', `/api/history/instances/${key}`, { token: h.token('clerk-a') })).status).to.equal(403);
    expect((await h.api('GET', '/api/history/instances', { token: h.token('bureau') })).status).to.equal(200);
    expect((await h.api('GET', '/api/history/instances')).status).to.equal(401);
  });

  it('when the auditor opens the instance, then the timeline merges the clerk’s claim, comment and completion with the records, the completion just before the job’s COMPLETED record', async () => {
    const answer = await h.api('GET', `/api/history/instances/${key}`, { token: auditor });
    expect(answer.status).to.equal(200);
    const { summary, timeline, elements, diagramXml } = answer.body;
    expect(summary).to.include({ bpmnProcessId: 'tl-request', state: 'active' });
    expect(diagramXml).to.include('id="tl-request"');
    expect(elements.FillRequest).to.include({ activated: 1, completed: 1 });
    expect(elements.ReviewRequest).to.include({ activated: 1, active: 1 });
    const operations = timeline.filter((e: any) => e.kind === 'operation').map((e: any) => [e.username, e.action]);
    expect(operations).to.deep.include.members([['clerk-a', 'claim'], ['clerk-a', 'comment'], ['clerk-a', 'complete']]);
    const completion = timeline.findIndex((e: any) => e.kind === 'operation' && e.action === 'complete');
    expect(timeline[completion + 1]).to.include({ kind: 'record', valueType: 'JOB', intent: 'COMPLETED', actor: 'clerk-a' });
  });

  it('Art. 26: when the auditor reads a sensitive variable, then it is masked in the timeline, the replay and the variable history alike', async () => {
    const { body } = await h.api('GET', `/api/history/instances/${key}`, { token: auditor });
    const text = JSON.stringify(body.timeline);
    expect(text).not.to.include('13800001111');
    const last = body.steps[body.steps.length - 1];
    const frame = (await h.api('GET', `/api/history/instances/${key}/replay?position=${last}`, { token: auditor })).body;
    const contact = frame.variables.find((v: any) => v.name === 'serviceContact');
    expect(contact).to.include({ masked: true, value: '138****1111' });
    const changes = (await h.api('GET', `/api/history/instances/${key}/variables?name=serviceContact`, { token: auditor })).body.changes;
    expect(changes.map((c: any) => c.newValue)).to.deep.equal(['138****1111']);
    expect(changes[0].actor).to.equal('clerk-a');
  });

  it('when the auditor replays to the step before the completion, then the token is at FillRequest and projectName is not yet set', async () => {
    const { body } = await h.api('GET', `/api/history/instances/${key}`, { token: auditor });
    const completed = body.timeline.find((e: any) => e.kind === 'record' && e.valueType === 'JOB' && e.intent === 'COMPLETED');
    const before = body.steps[body.steps.indexOf(completed.position) - 1];
    const frame = (await h.api('GET', `/api/history/instances/${key}/replay?position=${before}`, { token: auditor })).body;
    expect(frame.tokens.map((t: any) => t.elementId)).to.deep.equal(['FillRequest']);
    expect(frame.variables.map((v: any) => v.name)).not.to.include('projectName');
    const after = (await h.api('GET', `/api/history/instances/${key}/replay?position=${body.steps[body.steps.length - 1]}`, { token: auditor })).body;
    expect(after.tokens.map((t: any) => t.elementId)).to.deep.equal(['ReviewRequest']);
    expect(after.variables.find((v: any) => v.name === 'projectName')).to.include({ value: '智慧校园二期', masked: false });
  });

  it('when the auditor searches by process, state, department, project, date and variable value, then the instance is found with counts, and a wrong filter is refused with what was wrong', async () => {
    const found = async (query: string) => (await h.api('GET', `/api/history/instances?${query}`, { token: auditor })).body;
    const all = await found('process=tl-request');
    expect(all.items.map((i: any) => i.processInstanceKey)).to.include(key);
    expect(all.counts.active).to.be.greaterThan(0);
    const exact = await found('process=tl-request&state=active&department=dept-a&project=gx-2027-edu-identity&from=2027-01-04&to=2027-01-04&var=urgency&value=urgent');
    expect(exact.items.map((i: any) => [i.processInstanceKey, i.departmentId, i.projectId])).to.deep.equal([[key, 'dept-a', 'gx-2027-edu-identity']]);
    expect((await found('process=tl-request&state=completed')).items).to.deep.equal([]);
    expect((await found('department=dept-b&process=tl-request')).items).to.deep.equal([]);
    expect((await found('process=tl-request&from=2027-01-05')).items).to.deep.equal([]);
    const bad = await h.api('GET', '/api/history/instances?state=finished&from=yesterday', { token: auditor });
    expect(bad.status).to.equal(400);
    expect(Object.keys(bad.body.fields)).to.deep.equal(['state', 'from']);
    const sensitive = await h.api('GET', '/api/history/instances?var=serviceContact&value=13800001111', { token: auditor });
    expect(sensitive.status).to.equal(400);
  });

  it('when a job runs out of retries, then the instance is found "with incident", the element is marked and the replay shows the incident at that step', async () => {
    const broken = await h.start('tl-request', { departmentId: 'dept-b' });
    const task = await h.task(broken, 'FillRequest');
    await h.t.client.failJob({ jobKey: task.id, retries: 0, retryBackOff: 0, errorMessage: 'Expected the registry to answer, but it timed out' });
    const found = (await h.api('GET', '/api/history/instances?process=tl-request&state=incident', { token: auditor })).body;
    expect(found.items.map((i: any) => [i.processInstanceKey, i.openIncidents])).to.deep.equal([[broken, 1]]);
    expect(found.counts.incident).to.equal(1);
    const { body } = await h.api('GET', `/api/history/instances/${broken}`, { token: auditor });
    expect(body.summary.state).to.equal('incident');
    expect(body.elements.FillRequest).to.include({ incidents: 1, openIncidents: 1 });
    const frame = (await h.api('GET', `/api/history/instances/${broken}/replay?position=${body.steps[body.steps.length - 1]}`, { token: auditor })).body;
    expect(frame.incidents.map((i: any) => [i.elementId, i.errorType])).to.deep.equal([['FillRequest', 'JOB_NO_RETRIES']]);
  });
});
