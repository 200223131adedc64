import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

/** The request being served, for every log line written while serving it (however deep the call). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Tokens that look like a JWT (three base64url parts, the first a JSON header) and Bearer credentials. */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const BEARER = /(Bearer\s+)[^\s"']+/gi;
/** Password in a connection URL: postgres://user:secret@host. */
const URL_PASSWORD = /(\/\/[^/:@\s]+:)[^@\s]+@/g;

/** Structured fields that may hold credentials or process variables; their values never reach the log. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  'cookie',
  'variables',
  '*.variables',
  'secret',
  '*.secret',
];

export interface LoggerOptions {
  level: string;
  /** Values to cut out of every message wherever they appear: the signing key, client secret, metrics token. */
  secrets?: Array<string | undefined>;
  /** Where the JSON lines go (standard output unless given; tests pass a stream they read). */
  destination?: DestinationStream;
}

/**
 * The application's logger: one JSON object per line (pino), with the request id of the request being
 * served. Free-text messages come from many places (error stacks, engine notices), so every string
 * argument is scrubbed of the configured secrets, JWT-shaped tokens, Bearer credentials and URL passwords
 * before it is written: a secret that slips into an error message is still not logged.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => !!s && s.length >= 8);
  const scrub = (text: string) => {
    let clean = text.replace(JWT, '[redacted-jwt]').replace(BEARER, '$1[redacted]').replace(URL_PASSWORD, '$1[redacted]@');
    for (const secret of secrets) clean = clean.split(secret).join('[redacted]');
    return clean;
  };
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => {
        const context = requestContext.getStore();
        return context ? { requestId: context.requestId } : {};
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg instanceof Error ? scrubError(arg, scrub) : arg));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
      serializers: { err: (error: Error) => ({ type: error.name, message: scrub(error.message), stack: scrub(error.stack ?? '') }) },
    },
    options.destination,
  );
}

function scrubError(error: Error, scrub: (text: string) => string): { err: { type: string; message: string; stack: string } } {
  return { err: { type: error.name, message: scrub(error.message), stack: scrub(error.stack ?? '') } };
}

/** The plain `(message) => void` the engine and the task list take, writing at the given level. */
export function logTo(logger: Logger, level: 'info' | 'warn' | 'error' = 'error'): (message: string) => void {
  return (message) => logger[level](message);
}
