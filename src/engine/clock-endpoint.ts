import http from 'node:http';
import type { ControlledClock } from './clock';

/**
 * The clock-control endpoint, modelled on Zeebe's actuator: GET /actuator/clock, POST /actuator/clock/pin
 * {"epochMilli": n}, POST /actuator/clock/add {"offsetMilli": n}, DELETE /actuator/clock. It exists only
 * when clock control is switched on, and listens on localhost only.
 */
export function startClockEndpoint(clock: ControlledClock, port: number, host = '127.0.0.1'): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const answer = (status: number, payload: object) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      const now = () => answer(200, { epochMilli: clock.now(), instant: new Date(clock.now()).toISOString() });
      const url = (request.url ?? '').replace(/\/$/, '');
      if (request.method === 'GET' && url === '/actuator/clock') return now();
      if (request.method === 'DELETE' && url === '/actuator/clock') {
        clock.reset();
        return now();
      }
      if (request.method === 'POST' && (url === '/actuator/clock/pin' || url === '/actuator/clock/add')) {
        const field = url.endsWith('pin') ? 'epochMilli' : 'offsetMilli';
        let value: unknown;
        try {
          value = JSON.parse(body || '{}')[field];
        } catch {
          return answer(400, { error: 'INVALID_JSON', message: `Expected a JSON body like {"${field}": 1767225600000}, but it is not JSON` });
        }
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          return answer(400, { error: 'INVALID_ARGUMENT', message: `Expected "${field}" to be a number of milliseconds, but got ${JSON.stringify(value)}` });
        }
        if (field === 'epochMilli') clock.pin(value);
        else clock.add(value);
        return now();
      }
      answer(404, { error: 'NOT_FOUND', message: 'Expected GET or DELETE /actuator/clock, or POST /actuator/clock/pin or /actuator/clock/add' });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
