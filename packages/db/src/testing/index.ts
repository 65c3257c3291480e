export { type DisposableDatabaseServer, startDisposableDatabaseServer } from "./disposable-database-server.ts";
export { insertTestUser } from "./insert-test-user.ts";
export { createTestDatabase, type TestDatabase, testLogger } from "./test-database.ts";
