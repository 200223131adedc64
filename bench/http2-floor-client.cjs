// The client side of bench/http2-floor.ts: node:http2, one connection, IN_FLIGHT gRPC-shaped unary calls
// at a time (a 30-byte request message), counting answered calls. Plain CommonJS so it starts at once.
const http2 = require('node:http2');

const [port, inFlight] = process.argv.slice(2).map(Number);
const session = http2.connect(`http://127.0.0.1:${port}`);
session.on('error', (error) => {
  console.error(`http2-floor client: ${error.message}`);
  process.exit(1);
});
const HEADERS = {
  ':method': 'POST',
  ':path': '/gateway_protocol.Gateway/Topology',
  'content-type': 'application/grpc',
  te: 'trailers',
};
const body = Buffer.concat([Buffer.from([0, 0, 0, 0, 25]), Buffer.alloc(25)]);
let answered = 0;

function call() {
  return new Promise((resolve) => {
    const request = session.request(HEADERS);
    request.on('data', () => undefined);
    request.on('end', resolve);
    request.on('error', resolve);
    request.end(body);
  });
}

async function loop() {
  for (;;) {
    await call();
    answered += 1;
  }
}

for (let i = 0; i < inFlight; i++) void loop();
process.on('message', () => process.send(answered));
