import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { layoutBpmn } from '../../scripts/layout-bpmn';
import { lintBpmn } from '../../scripts/lint-bpmn';
import { diagramProblems } from '../helpers/diagram-checks';

const semanticOnly = fs.readFileSync(path.join(__dirname, 'layout-bpmn.bpmn'), 'utf8');

describe('scripts/layout-bpmn: diagram interchange for diagrams written as semantic XML', () => {
  it('when a diagram has no layout, then every element gets a shape or edge and none overlap', async () => {
    expect(await diagramProblems(semanticOnly)).to.include('s: no shape');

    const laidOut = await layoutBpmn(semanticOnly);

    expect(await diagramProblems(laidOut)).to.deep.equal([]);
    expect(laidOut).to.contain('isExpanded="true"');
  });

  it('when laid out, then bpmnlint (recommended + Camunda 8.3) finds only the modelling warning of the fixture', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layout-')), 'fixture.bpmn');
    fs.writeFileSync(file, await layoutBpmn(semanticOnly));

    const problems = await lintBpmn([file]);

    // The fixture loops back into a task without a joining gateway on purpose; everything else is clean.
    expect(problems.map((p) => `${p.rule}:${p.id}`)).to.deep.equal(['fake-join:u']);
  });

  it('when the XML is malformed, then layout refuses it and says what the parser found', async () => {
    const broken = semanticOnly.replace('targetRef="u"/>', 'targetRef="nowhere"/>');
    let message = '';
    try {
      await layoutBpmn(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.match(/^Expected well-formed BPMN, but the parser reported: .*nowhere/);
  });
});
