import { createServer } from "node:net";
import { createTestDatabase } from "@pingpilot/db/testing";
import { DatabaseUnavailableError } from "@pingpilot/domain";
import mongoose from "mongoose";
import { expect, it } from "vitest";
import { databaseUnavailableFrom } from "../src/database-unavailable.ts";

/** A loopback port nobody listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

it("a server nobody answers on becomes DatabaseUnavailableError, keeping the driver's error as its cause", async () => {
  const uri = `mongodb://127.0.0.1:${await closedPort()}/`;
  const error = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 300 })
    .asPromise()
    .catch((caught: unknown) => caught);
  const mapped = databaseUnavailableFrom(error);
  expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
  expect(mapped?.code).toBe("SERVICE_UNAVAILABLE");
  expect(mapped?.cause).toBe(error);
  expect(databaseUnavailableFrom(new Error("wrapped", { cause: error }))).toBeInstanceOf(DatabaseUnavailableError);
});

it("a server that refuses an operation (a duplicate key) is not an outage", async () => {
  const db = await createTestDatabase();
  try {
    const collection = db.connection.collection<{ _id: string }>("dupes");
    await collection.insertOne({ _id: "one" });
    const error = await collection.insertOne({ _id: "one" }).catch((caught: unknown) => caught);
    expect((error as { code?: number }).code).toBe(11000);
    expect(databaseUnavailableFrom(error)).toBeUndefined();
    expect(databaseUnavailableFrom(new Error("a bug"))).toBeUndefined();
  } finally {
    await db.drop();
  }
});
