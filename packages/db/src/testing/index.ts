export { type DisposableDatabaseServer, startDisposableDatabaseServer } from "./disposable-database-server.ts";
export { insertTestUser } from "./insert-test-user.ts";
export { type SecretLeak, scanCapturedSecrets } from "./scan-captured-secrets.ts";
export { captureOutput, recordSecret, type SecretKind, workerCaptureStream } from "./test-capture.ts";
export { testCheckResult } from "./test-check-result.ts";
export { createTestDatabase, type TestDatabase, testLogger } from "./test-database.ts";
export { insertTestMonitor, type TestMonitorFields, testMonitorDocument } from "./test-monitor.ts";
export { useTestDatabase } from "./use-test-database.ts";
