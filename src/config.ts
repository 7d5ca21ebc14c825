import os from 'node:os';
import path from 'node:path';
import Type, { type Static, type TSchema } from 'typebox';
import Value from 'typebox/value';
import { resolveWorkerBin } from './media/worker-bin.js';

const OneOf = <const T extends string[]>(
  values: readonly [...T],
  def: T[number],
  description: string,
) => Type.Enum(values, { default: def, description });
const Port = (def: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 65535, default: def, description });

/**
 * Every environment variable the server reads. `description` and `default`
 * feed the README table (a test keeps the two in step).
 */
export const EnvSchema = Type.Object({
  PORT: Port(3000, 'HTTP and socket.io port (0 picks a free one)'),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0', description: 'HTTP listen address' }),
  LOG_LEVEL: OneOf(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    'info',
    'server log level (pino)',
  ),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL URL; unset = embedded PGlite in DATA_DIR',
    }),
  ),
  DATABASE_POOL_SIZE: Type.Integer({
    minimum: 1,
    maximum: 200,
    default: 10,
    description: 'PostgreSQL connection pool size',
  }),
  DATA_DIR: Type.String({
    minLength: 1,
    default: './data',
    description: 'where the embedded PGlite database lives',
  }),
  MEDIASOUP_WORKERS: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 256,
      description: 'mediasoup workers (default: one per CPU core)',
    }),
  ),
  MEDIASOUP_WORKER_BIN: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "mediasoup-worker binary (default: mediasoup's own, else the offline build cache)",
    }),
  ),
  MEDIASOUP_LOG_LEVEL: OneOf(
    ['debug', 'warn', 'error', 'none'],
    'warn',
    'log level inside mediasoup workers',
  ),
  RTC_LISTEN_IP: Type.String({
    minLength: 1,
    default: '0.0.0.0',
    description: 'address the WebRTC servers listen on',
  }),
  RTC_ANNOUNCED_ADDRESS: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'address given to clients in ICE candidates (default: first non-internal IPv4 when listening on 0.0.0.0)',
    }),
  ),
  RTC_PORT: Port(
    40000,
    "UDP+TCP port of worker 0's WebRtcServer; worker i uses RTC_PORT+i (0 = any free port)",
  ),
  MEDIA_STATS_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 300,
    default: 5,
    description:
      "how often each point's media is sampled (score, RTT, loss, bitrate) for the readiness board",
  }),
  RTC_MIN_PORT: Port(41000, 'lowest port for plain and pipe transports'),
  RTC_MAX_PORT: Port(41999, 'highest port for plain and pipe transports'),
  TRUST_PROXY: OneOf(
    ['false', 'true'],
    'false',
    'trust X-Forwarded-For (set when behind a reverse proxy, so rate limits see client addresses)',
  ),
  METRICS_TOKEN: Type.Optional(
    Type.String({
      minLength: 16,
      description:
        'bearer token GET /metrics requires; unset (and no METRICS_PORT) = /metrics answers only loopback clients',
    }),
  ),
  METRICS_PORT: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 65535,
      description:
        'serve /metrics on this separate port instead of the main one (0 picks a free one)',
    }),
  ),
  METRICS_HOST: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    description: 'listen address of the separate metrics port',
  }),
  ADMIN_USERNAME: Type.String({
    pattern: '^[a-z0-9][a-z0-9._-]{1,63}$',
    default: 'admin',
    description: 'secretariat account created on first start when there are no users',
  }),
  ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 10,
      maxLength: 200,
      description: 'its password; unset = a random one, logged once',
    }),
  ),
  SEED_POINTS: Type.Optional(
    Type.Enum(['2019', '2025'], {
      description:
        'load the 2019 (69 points) or 2025 (35 points) connection points into an empty registry',
    }),
  ),
  AUTH_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'token signing key; unset = generated once and kept in the database',
    }),
  ),
  AUTH_TOKEN_TTL: Type.Integer({
    minimum: 60,
    maximum: 86_400,
    default: 900,
    description: 'lifetime of a login token, seconds (renew with POST /api/v1/auth/refresh)',
  }),
  LOGIN_RATE_LIMIT: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 10,
    description: 'login attempts per minute per client address',
  }),
  PASSWORD_SCRYPT_LOG_N: Type.Integer({
    minimum: 10,
    maximum: 20,
    default: 17,
    description: 'scrypt cost for new password hashes: N = 2^value, r = 8, p = 1',
  }),
  CONVENER_NAME: Type.String({
    minLength: 1,
    maxLength: 200,
    default: 'Ban Tổ chức Trung ương',
    description: 'the organisation that convenes the briefings, named in invitations',
  }),
  SESSION_MIN_NOTICE_HOURS: Type.Integer({
    minimum: 0,
    maximum: 24 * 60,
    default: 72,
    description: 'minimum notice between scheduling a session and its start, unless urgent',
  }),
  CHECKIN_WINDOW_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 366 * 24 * 60,
    default: 120,
    description: 'check-in can be opened at most this many minutes before the scheduled start',
  }),
  CHECKIN_GRACE_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 240,
    default: 5,
    description: 'a first check-in later than the scheduled start plus this is late',
  }),
  ROSTER_DEADLINE_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 24 * 60,
    default: 15,
    description: 'the delegate list is due this many minutes before the start',
  }),
  OPERATOR_DUTY_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 24 * 60,
    default: 60,
    description: "each point's operator is on duty from this many minutes before the start",
  }),
  PRESENCE_FLUSH_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 300,
    default: 10,
    description: 'how often last-seen times of connected points are written (one batch per flush)',
  }),
  SPEECH_SECONDS: Type.Integer({
    minimum: 10,
    maximum: 7200,
    default: 300,
    description:
      "a new session's default speaking time per grant, seconds (per session and per grant adjustable)",
  }),
  SPEECH_WARNING_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 600,
    default: 30,
    description: 'floor:warning goes out this many seconds before the end of a speech',
  }),
  SPEECH_OVERRUN: OneOf(
    ['end', 'warn'],
    'end',
    "at the limit the floor ends by itself ('end') or only warns ('warn'); per session adjustable",
  ),
  RECORDINGS_DIR: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'where session recordings are written (default: DATA_DIR/recordings)',
    }),
  ),
  FFMPEG_PATH: Type.String({
    minLength: 1,
    default: 'ffmpeg',
    description: 'the ffmpeg binary that records sessions (ffprobe is looked for beside it)',
  }),
  RECORDING_SEGMENT_SECONDS: Type.Integer({
    minimum: 2,
    maximum: 3600,
    default: 60,
    description: 'length of each recording file, seconds',
  }),
  RECORDING_MIN_FREE_MB: Type.Integer({
    minimum: 0,
    maximum: 10_000_000,
    default: 1024,
    description: 'recording refuses to start, and stops, below this much free disk space',
  }),
  SOCKET_RECOVERY_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 3600,
    default: 120,
    description: 'socket.io connection-state recovery window after a drop (0 = off)',
  }),
  MATERIAL_MAX_MB: Type.Integer({
    minimum: 1,
    maximum: 1024,
    default: 50,
    description: "largest session material or point's report accepted for upload, MB",
  }),
  WEBHOOK_TIMEOUT_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 120,
    default: 10,
    description: 'a webhook delivery attempt that has no answer within this fails (and is retried)',
  }),
  WEBHOOK_RETRY_LIMIT: Type.Integer({
    minimum: 0,
    maximum: 50,
    default: 10,
    description: 'retries of a failed webhook delivery before it is given up (dead-lettered)',
  }),
  WEBHOOK_RETRY_DELAY_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 2,
    description: 'first retry delay of a webhook delivery; it doubles each retry (with jitter)',
  }),
  WEBHOOK_RETRY_DELAY_MAX_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    default: 600,
    description: 'longest delay between two retries of a webhook delivery',
  }),
  WEBHOOK_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 8,
    description:
      'webhook deliveries in flight at once in this process (per endpoint and session: one)',
  }),
});
export type Env = Static<typeof EnvSchema>;

/** Defaults that depend on the machine rather than on a constant. */
const runtimeDefaults: Record<string, string> = { MEDIASOUP_WORKERS: 'CPU cores' };

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number };

export interface MediaConfig {
  workers: number;
  workerBin: string;
  logLevel: Env['MEDIASOUP_LOG_LEVEL'];
  listenIp: string;
  announcedAddress: string | undefined;
  /** 0 = let each WebRtcServer take any free port from the range. */
  rtcPort: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  statsSeconds: number;
}

export interface MetricsConfig {
  /** Bearer token /metrics requires, if any. */
  token: string | undefined;
  /** A separate listener for /metrics (then not on the main port). */
  listener: { port: number; host: string } | undefined;
}

export interface AuthConfig {
  adminUsername: string;
  adminPassword: string | undefined;
  secret: string | undefined;
  tokenTtlSeconds: number;
  loginRateLimitPerMinute: number;
  scryptLogN: number;
}

export interface Config {
  http: { host: string; port: number; trustProxy: boolean };
  metrics: MetricsConfig;
  logLevel: string;
  db: DatabaseConfig;
  media: MediaConfig;
  auth: AuthConfig;
  seedPoints: '2019' | '2025' | undefined;
  scheduling: {
    convener: string;
    minNoticeHours: number;
    checkinWindowMinutes: number;
    speech: SpeechDefaults;
  };
  attendance: AttendanceConfig;
  realtime: { recoverySeconds: number };
  /** Uploads of materials and reports: bytes above this are refused with 413. */
  materials: { maxBytes: number };
  webhooks: WebhookConfig;
  recording: RecordingConfig;
}

export interface WebhookConfig {
  timeoutSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  concurrency: number;
}

export interface RecordingConfig {
  dir: string;
  ffmpegPath: string;
  segmentSeconds: number;
  minFreeBytes: number;
}

export interface SpeechDefaults {
  seconds: number;
  warningSeconds: number;
  overrun: 'end' | 'warn';
}

export interface AttendanceConfig {
  graceMinutes: number;
  rosterDeadlineMinutes: number;
  operatorDutyMinutes: number;
  presenceFlushSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: ReadonlyArray<{ variable: string; message: string }>) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = environment[key];
    // An empty value (e.g. `FOO=` in compose files) means "use the default".
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const env = Value.Default(EnvSchema, Value.Convert(EnvSchema, { ...raw }));
  const problems = describeErrors(env as Record<string, unknown>, raw);
  if (problems.length > 0) throw new ConfigError(problems);
  const e = env as Env;

  if (e.RTC_MIN_PORT > e.RTC_MAX_PORT) {
    throw new ConfigError([
      { variable: 'RTC_MIN_PORT', message: `must not exceed RTC_MAX_PORT (${e.RTC_MAX_PORT})` },
    ]);
  }
  let workerBin: string;
  try {
    workerBin = resolveWorkerBin(e.MEDIASOUP_WORKER_BIN);
  } catch (err) {
    throw new ConfigError([{ variable: 'MEDIASOUP_WORKER_BIN', message: (err as Error).message }]);
  }

  return {
    http: { host: e.HOST, port: e.PORT, trustProxy: e.TRUST_PROXY === 'true' },
    metrics: {
      token: e.METRICS_TOKEN,
      listener:
        e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    },
    logLevel: e.LOG_LEVEL,
    db: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR) },
    media: {
      workers: e.MEDIASOUP_WORKERS ?? os.availableParallelism(),
      workerBin,
      logLevel: e.MEDIASOUP_LOG_LEVEL,
      listenIp: e.RTC_LISTEN_IP,
      announcedAddress: e.RTC_ANNOUNCED_ADDRESS ?? defaultAnnouncedAddress(e.RTC_LISTEN_IP),
      rtcPort: e.RTC_PORT,
      rtcMinPort: e.RTC_MIN_PORT,
      rtcMaxPort: e.RTC_MAX_PORT,
      statsSeconds: e.MEDIA_STATS_SECONDS,
    },
    auth: {
      adminUsername: e.ADMIN_USERNAME,
      adminPassword: e.ADMIN_PASSWORD,
      secret: e.AUTH_SECRET,
      tokenTtlSeconds: e.AUTH_TOKEN_TTL,
      loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT,
      scryptLogN: e.PASSWORD_SCRYPT_LOG_N,
    },
    seedPoints: e.SEED_POINTS,
    scheduling: {
      convener: e.CONVENER_NAME,
      minNoticeHours: e.SESSION_MIN_NOTICE_HOURS,
      checkinWindowMinutes: e.CHECKIN_WINDOW_MINUTES,
      speech: {
        seconds: e.SPEECH_SECONDS,
        warningSeconds: e.SPEECH_WARNING_SECONDS,
        overrun: e.SPEECH_OVERRUN,
      },
    },
    attendance: {
      graceMinutes: e.CHECKIN_GRACE_MINUTES,
      rosterDeadlineMinutes: e.ROSTER_DEADLINE_MINUTES,
      operatorDutyMinutes: e.OPERATOR_DUTY_MINUTES,
      presenceFlushSeconds: e.PRESENCE_FLUSH_SECONDS,
    },
    realtime: { recoverySeconds: e.SOCKET_RECOVERY_SECONDS },
    materials: { maxBytes: e.MATERIAL_MAX_MB * 1024 * 1024 },
    webhooks: {
      timeoutSeconds: e.WEBHOOK_TIMEOUT_SECONDS,
      retryLimit: e.WEBHOOK_RETRY_LIMIT,
      retryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
      retryDelayMaxSeconds: e.WEBHOOK_RETRY_DELAY_MAX_SECONDS,
      concurrency: e.WEBHOOK_CONCURRENCY,
    },
    recording: {
      dir: path.resolve(e.RECORDINGS_DIR ?? path.join(e.DATA_DIR, 'recordings')),
      ffmpegPath: e.FFMPEG_PATH,
      segmentSeconds: e.RECORDING_SEGMENT_SECONDS,
      minFreeBytes: e.RECORDING_MIN_FREE_MB * 1024 * 1024,
    },
  };
}

/** One message per bad variable, in words an operator can act on. */
function describeErrors(env: Record<string, unknown>, raw: Record<string, string>) {
  const problems: Array<{ variable: string; message: string }> = [];
  for (const [variable, schema] of Object.entries(
    EnvSchema.properties as Record<string, TSchema>,
  )) {
    const value = env[variable];
    // Checked one by one: every variable gets its own message, however many are wrong.
    if (value === undefined || Value.Check(schema, value)) continue;
    problems.push({
      variable,
      message: `${expectation(schema)} (got ${JSON.stringify(raw[variable])})`,
    });
  }
  return problems;
}

function expectation(schema: TSchema | undefined): string {
  const s = schema as Record<string, unknown> | undefined;
  if (!s) return 'is invalid';
  if (Array.isArray(s.enum)) return `must be one of ${s.enum.join(', ')}`;
  if (s.type === 'integer') return `must be an integer from ${s.minimum} to ${s.maximum}`;
  if (s.pattern) return `must match ${s.pattern}`;
  if (typeof s.minLength === 'number' && s.minLength > 1) {
    return `must be ${s.minLength} to ${s.maxLength ?? 'any number of'} characters`;
  }
  return 'must be a non-empty string';
}

function defaultAnnouncedAddress(listenIp: string): string | undefined {
  if (listenIp !== '0.0.0.0' && listenIp !== '::') return undefined;
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}

/** Rows of the README's configuration table, generated from the schema. */
export function configTable(): Array<{ variable: string; default: string; description: string }> {
  return Object.entries(EnvSchema.properties as Record<string, TSchema>).map(([name, schema]) => {
    const s = schema as Record<string, unknown>;
    const fallback =
      runtimeDefaults[name] ?? (s.default === undefined ? '(unset)' : String(s.default));
    const choices = Array.isArray(s.enum) ? `: ${s.enum.join(', ')}` : '';
    return { variable: name, default: fallback, description: `${s.description ?? ''}${choices}` };
  });
}
