import { type TestDatabase, useTestDatabase } from "@pingpilot/db/testing";
import { afterAll, afterEach } from "vitest";
import { type FakeReceiver, startFakeReceiver } from "./fake-receiver.ts";

/**
 * The test file's database and a fake receiver (Resend, webhooks), both gone when the file's tests end;
 * the receiver forgets its requests after each test. It lives here, not in @pingpilot/db/testing,
 * because the database package must not know about notifications.
 */
export async function useDatabaseAndReceiver(): Promise<{ db: TestDatabase; receiver: FakeReceiver }> {
  const db = await useTestDatabase();
  const receiver = await startFakeReceiver();
  afterAll(() => receiver.close());
  afterEach(() => receiver.reset());
  return { db, receiver };
}
