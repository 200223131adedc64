import { expect } from 'chai';

/** gRPC status codes the gateway answers with, and CANCELLED, which a client sees for a call it cancelled (numbers as on the wire). */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
} as const;

export interface GrpcFailure {
  code: number;
  details: string;
}

/** Awaits a call that must fail, and returns its gRPC code and details; fails the test if the call succeeds. */
export async function grpcFailure(call: Promise<unknown> | (() => Promise<unknown>)): Promise<GrpcFailure> {
  let response: unknown;
  try {
    response = await (typeof call === 'function' ? call() : call);
  } catch (error: any) {
    expect(error, 'the call failed with something that is not a gRPC error').to.have.property('code').that.is.a('number');
    return { code: error.code, details: String(error.details ?? error.message) };
  }
  expect.fail(`expected the call to fail, but it answered ${JSON.stringify(response)}`);
}

/** Awaits a call that must fail with the given gRPC code, and returns the details text. */
export async function expectGrpcError(call: Promise<unknown> | (() => Promise<unknown>), code: number): Promise<string> {
  const failure = await grpcFailure(call);
  expect(failure.code, `gRPC code (details: ${failure.details})`).to.equal(code);
  return failure.details;
}
