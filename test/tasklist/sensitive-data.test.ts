import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { isSensitiveVariable, maskValue, SENSITIVE_VARIABLE_NAMES, showVariables } from '../../src/rules/sensitive-data';

describe('Art. 26: sensitive data is masked for whoever does not need it', () => {
  const masks: Array<[string, unknown, string]> = [
    ['an ID card number keeps its first three and last four characters', '450102199001011234', '450****1234'],
    ['a mobile number keeps its first three and last four digits', '13812345678', '138****5678'],
    ['a short text keeps its first character', '张三', '张**'],
    ['a one-character text keeps that character and stars', '李', '李**'],
    ['a number shows nothing', 990000, '******'],
    ['an object shows nothing', { account: '6222 0000' }, '******'],
    ['an empty value stays empty', '', ''],
    ['null stays empty', null, ''],
  ];
  for (const [name, value, masked] of masks) {
    it(`Art. 26: when ${name}, then it is shown as "${masked}"`, () => {
      expect(maskValue(value)).to.equal(masked);
    });
  }

  it('Art. 26: when a name is on the list in any letter case, then it is sensitive; an ordinary name is not', () => {
    expect(SENSITIVE_VARIABLE_NAMES).to.include('findingDetails');
    expect(isSensitiveVariable('FINDINGDETAILS')).to.equal(true);
    expect(isSensitiveVariable('bidAmount')).to.equal(true);
    expect(isSensitiveVariable('projectName')).to.equal(false);
  });

  it('Art. 26: when the viewer needs a sensitive field for the task (its form asks for it), then that field is shown in clear and the others stay masked', () => {
    const shown = showVariables({ serviceContact: '13812345678', findingDetails: '450102199001011234', projectName: '智慧校园' }, new Set(['serviceContact']));
    expect(shown).to.deep.equal([
      { name: 'findingDetails', value: '450****1234', masked: true },
      { name: 'projectName', value: '智慧校园', masked: false },
      { name: 'serviceContact', value: '13812345678', masked: false },
    ]);
  });

  it('Art. 26: when a variable name is on the sensitive list, then some form in forms/ or diagram in processes/ carries it', () => {
    const root = path.join(__dirname, '..', '..');
    const texts = ['forms', 'processes'].flatMap((dir) =>
      fs.readdirSync(path.join(root, dir)).filter((f) => /\.(form|bpmn)$/.test(f)).map((f) => fs.readFileSync(path.join(root, dir, f), 'utf8')),
    );
    const unused = SENSITIVE_VARIABLE_NAMES.filter((name) => !texts.some((text) => new RegExp(`\\b${name}\\b`).test(text)));
    expect(unused).to.deep.equal([]);
  });

  it('Art. 9, 14, 25: when security findings or earlier experts\' scores are carried, then they are sensitive', () => {
    expect(isSensitiveVariable('findings')).to.equal(true);
    expect(isSensitiveVariable('expertScores')).to.equal(true);
  });
});
