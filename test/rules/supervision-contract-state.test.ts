import { expect } from 'chai';
import { FINDING_TYPES, inspectionEvent, isFindingType, nextContractState, type ContractStatus, type SupervisionEvent } from '../../src/rules/supervision-contract-state';

describe('supervision findings and the contract (Art. 29)', () => {
  const table: Array<[ContractStatus, SupervisionEvent, ContractStatus, string]> = [
    ['active', 'passed', 'active', 'none'],
    ['suspended', 'passed', 'active', 'resume'],
    ['active', 'findings', 'active', 'rectify'],
    ['suspended', 'findings', 'suspended', 'rectify'],
    ['active', 'overdue', 'suspended', 'suspend'],
    ['active', 'still-non-compliant', 'suspended', 'suspend'],
    ['suspended', 'overdue', 'suspended', 'stay-suspended'],
    ['suspended', 'still-non-compliant', 'suspended', 'stay-suspended'],
    ['ended', 'overdue', 'ended', 'none'],
    ['ended', 'passed', 'ended', 'none'],
  ];
  for (const [current, event, next, action] of table) {
    it(`Art. 29: when a ${current} contract meets '${event}', then it is ${next} (${action})`, () => {
      const transition = nextContractState(current, event);
      expect(transition).to.include({ next, action, article: 29 });
      expect(transition.reason.zh).to.be.a('string').and.not.empty;
    });
  }

  const events: Array<[number, boolean, SupervisionEvent]> = [
    [0, false, 'passed'],
    [0, true, 'passed'],
    [2, false, 'findings'],
    [1, true, 'still-non-compliant'],
  ];
  for (const [count, reinspection, event] of events) {
    it(`Art. 29: when ${reinspection ? 'a re-inspection' : 'an inspection'} records ${count} findings, then the event is '${event}'`, () => {
      expect(inspectionEvent(count, reinspection)).to.equal(event);
    });
  }

  it('Art. 29: when a finding type is one of the five the article lists, then it is accepted, and no other', () => {
    expect(FINDING_TYPES).to.have.length(5);
    for (const type of FINDING_TYPES) expect(isFindingType(type)).to.equal(true);
    expect(isFindingType('late-invoice')).to.equal(false);
  });
});
