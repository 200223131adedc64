import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startChild } from './helpers/child-engine';
import { newClient } from './helpers/engine';
import { definitions } from './helpers/bpmn';

/**
 * A process that waits at a timer catch event until a fixed instant. A fixed date (rather than a duration)
 * makes the test independent of whether the instance reaches the timer before or after the clock moves.
 */
const waitUntil = (instant: string) => definitions(`<bpmn:process id="wait-an-hour" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:intermediateCatchEvent id="hour"><bpmn:timerEventDefinition>
    <bpmn:timeDate xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">${instant}</bpmn:timeDate>
  </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="end" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="hour" />
  <bpmn:sequenceFlow id="f2" sourceRef="hour" targetRef="end" />
</bpmn:process>`);

describe('clock control (ZEEBE_CLOCK_CONTROL)', function () {
  this.timeout(120_000);
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govit-clock-'));
  });

  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const env = (port: number, clockPort: number, control: boolean) => ({
    ZEEBE_PORT: String(port),
    ZEEBE_CLOCK_PORT: String(clockPort),
    ZEEBE_CLOCK_CONTROL: control ? 'true' : '',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
  });

  it('when clock control is on and the clock is moved two hours on, then a one-hour timer fires at once', async () => {
    const [port, clockPort] = [await freePort(), await freePort()];
    const engine = await startChild('src/engine-main.ts', env(port, clockPort, true), 'Zeebe gateway listening on');
    const client = newClient(`localhost:${port}`);
    try {
      const before = await (await fetch(`http://127.0.0.1:${clockPort}/actuator/clock`)).json();
      const inAnHour = new Date(before.epochMilli + 3600_000).toISOString();
      await client.deployResource({ process: Buffer.from(waitUntil(inAnHour)), name: 'wait-an-hour.bpmn' });
      const result = client.createProcessInstanceWithResult({ bpmnProcessId: 'wait-an-hour', variables: { waited: true }, requestTimeout: 30_000 });
      const moved = await fetch(`http://127.0.0.1:${clockPort}/actuator/clock/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ offsetMilli: 2 * 3600_000 }),
      });
      expect(moved.status).to.equal(200);
      const after = await moved.json();
      expect(after.epochMilli - before.epochMilli).to.be.at.least(2 * 3600_000);
      expect((await result).variables).to.deep.equal({ waited: true });

      const bad = await fetch(`http://127.0.0.1:${clockPort}/actuator/clock/add`, { method: 'POST', body: '{"offsetMilli":"soon"}' });
      expect(bad.status).to.equal(400);
      expect((await bad.json()).message).to.include('offsetMilli');
    } finally {
      await client.close();
      engine.process.kill('SIGTERM');
      await engine.exited;
    }
  });

  it('when clock control is not switched on, then there is no clock endpoint', async () => {
    const [port, clockPort] = [await freePort(), await freePort()];
    const engine = await startChild('src/engine-main.ts', env(port, clockPort, false), 'Zeebe gateway listening on');
    try {
      const refused = await fetch(`http://127.0.0.1:${clockPort}/actuator/clock`).then(
        () => false,
        () => true,
      );
      expect(refused).to.equal(true);
    } finally {
      engine.process.kill('SIGTERM');
      await engine.exited;
    }
  });
});
