import { startDisposableDatabaseServer } from "@pingpilot/db/testing";
import mongoose from "mongoose";
import { expect, it } from "vitest";

it("a database server killed and restarted on its port still holds what was written before", async () => {
  const server = await startDisposableDatabaseServer();
  const connection = await mongoose.createConnection(server.uri, { dbName: "disposable" }).asPromise();
  try {
    const collection = connection.collection<{ _id: string; value: number }>("things");
    await collection.insertOne({ _id: "kept", value: 1 });
    await server.kill();
    await server.restart();
    expect(await collection.findOne({ _id: "kept" })).toEqual({ _id: "kept", value: 1 });
  } finally {
    await connection.close();
    await server.stop();
  }
}, 60_000);
