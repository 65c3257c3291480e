export { createTestDatabase, type TestDatabase, testLogger } from "./test-database.ts";
