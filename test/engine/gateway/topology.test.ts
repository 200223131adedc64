import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';

describe('gateway: Topology', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  it('when a client asks for the topology, then it sees one broker leading a healthy partition 1', async () => {
    const topology = await t.client.topology();

    expect(topology.clusterSize).to.equal(1);
    expect(topology.partitionsCount).to.equal(1);
    expect(topology.replicationFactor).to.equal(1);
    expect(topology.brokers).to.have.length(1);
    const [broker] = topology.brokers;
    expect(broker.nodeId).to.equal(0);
    expect(broker.port).to.equal(t.embedded.gateway.port);
    expect(broker.partitions).to.deep.equal([{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }]);
  });

  it('when a client asks for the topology, then the gateway and broker say they are version 8.3.x', async () => {
    const topology = await t.client.topology();

    expect(topology.gatewayVersion).to.match(/^8\.3\.\d+$/);
    // zeebe-node 8.3.2 leaves BrokerInfo.version out of its types; it is in the proto.
    expect((topology.brokers[0] as { version?: string }).version).to.match(/^8\.3\.\d+$/);
  });
});
