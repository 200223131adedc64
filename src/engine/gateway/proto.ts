import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * The Gateway service definition, read at run time from the zeebe-node package: the protocol is the one the
 * client speaks, and we keep no copy of it.
 */
export function loadGatewayService(): grpc.ServiceDefinition {
  const protoPath = path.join(path.dirname(require.resolve('zeebe-node/package.json')), 'proto', 'zeebe.proto');
  const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const loaded = grpc.loadPackageDefinition(definition) as any;
  return loaded.gateway_protocol.Gateway.service as grpc.ServiceDefinition;
}
