/**
 * PM2 process file for production: `pnpm build && pm2 start ecosystem.config.cjs`.
 * docs/operations.md explains every choice; the short version:
 *
 * - The API runs in cluster mode on every core. PM2 loads our ESM bundle itself (it sees
 *   `"type": "module"` in apps/api/package.json and uses `import()`), so no launcher is needed.
 *   `wait_ready`: a new worker gets traffic only after it sent `ready` (database connected, listening),
 *   which makes `pm2 reload pingpilot-api` a zero-downtime reload.
 * - The scheduler runs in fork mode; several instances are safe (job locks, monitor leases).
 * - The apps read their configuration from the environment of the shell that runs `pm2 start`
 *   (MONGODB_URI, AUTH_JWT_KEYS, …; see .env.example). Values below are defaults that such a shell
 *   variable overrides.
 *
 * Variables read by this file only: PINGPILOT_API_INSTANCES (default "max"), PINGPILOT_SCHEDULER_INSTANCES
 * (default 1), PINGPILOT_LOG_DIR (default ./logs), PINGPILOT_MAX_MEMORY (default 512M).
 */
const path = require("node:path");

const env = process.env;
const logDir = path.resolve(__dirname, env.PINGPILOT_LOG_DIR || "logs");
const shutdownTimeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS || 10_000);

/** What both apps share: restarts with exponential back-off, a memory ceiling, graceful stops. */
const common = {
  cwd: __dirname,
  node_args: ["--enable-source-maps"],
  autorestart: true,
  // 100 ms, then doubling up to 15 s between restarts of a crashing app; reset after 30 s of uptime.
  exp_backoff_restart_delay: 100,
  // A process that dies within min_uptime counts as unstable; after max_restarts of those in a row PM2 gives up.
  min_uptime: "10s",
  max_restarts: 10,
  max_memory_restart: env.PINGPILOT_MAX_MEMORY || "512M",
  // SIGINT first (the apps drain in-flight work for SHUTDOWN_TIMEOUT_MS), SIGKILL only after this.
  kill_timeout: shutdownTimeoutMs + 5_000,
  merge_logs: true,
  // The apps write JSON lines with their own timestamps (pino).
  time: false,
  // No PM2 APM agent inside our processes: metrics come from /metrics.
  pmx: false,
};

module.exports = {
  apps: [
    {
      ...common,
      name: "pingpilot-api",
      script: "apps/api/dist/main.js",
      exec_mode: "cluster",
      instances: env.PINGPILOT_API_INSTANCES || "max",
      wait_ready: true,
      // Start-up includes connecting to MongoDB (MONGODB_SERVER_SELECTION_TIMEOUT_MS, 10 s by default).
      listen_timeout: 30_000,
      out_file: path.join(logDir, "api.out.log"),
      error_file: path.join(logDir, "api.err.log"),
      env: {
        NODE_ENV: env.NODE_ENV || "production",
        // Each worker serves its own /metrics on METRICS_PORT + NODE_APP_INSTANCE (9464, 9465, …).
        METRICS_PORT: env.METRICS_PORT || "9464",
      },
    },
    {
      ...common,
      name: "pingpilot-scheduler",
      script: "apps/scheduler/dist/main.js",
      exec_mode: "fork",
      instances: Number(env.PINGPILOT_SCHEDULER_INSTANCES || 1),
      out_file: path.join(logDir, "scheduler.out.log"),
      error_file: path.join(logDir, "scheduler.err.log"),
      env: {
        NODE_ENV: env.NODE_ENV || "production",
        // Instance n serves /metrics on SCHEDULER_METRICS_PORT + n (9474, 9475, …).
        SCHEDULER_METRICS_PORT: env.SCHEDULER_METRICS_PORT || "9474",
      },
    },
  ],
};
