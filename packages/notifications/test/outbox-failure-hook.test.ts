import { testLogger } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { expect, it } from "vitest";
import { createOutbox } from "../src/outbox/run-outbox.ts";
import { useDatabaseAndReceiver } from "../src/testing/index.ts";
import {
  createChannel,
  createMonitor,
  createUser,
  notificationsConfig,
  recordChecks,
  transportsFor,
} from "./outbox-fixtures.ts";

const { db, receiver } = await useDatabaseAndReceiver();
const clock = manualClock(new Date("2026-11-25T09:00:00Z"));

it("every failed delivery attempt is reported by channel type (the delivery-failures metric), successes are not", async () => {
  const userId = await createUser(db, clock);
  const webhook = await createChannel(db, clock, userId, {
    type: "webhook",
    config: { url: `${receiver.url}/hooks/${userId.toString()}`, secret: "whsec_test" },
  });
  const monitorId = await createMonitor(db, clock, userId, [webhook]);
  const failed: string[] = [];
  const outbox = createOutbox({
    db,
    clock,
    logger: testLogger(),
    config: notificationsConfig(),
    transports: transportsFor(clock, receiver.url),
    owner: "failure-hook",
    random: () => 0.5,
    onAttemptFailed: (channelType) => failed.push(channelType),
  });

  receiver.respond({ status: 500 });
  await recordChecks(db, clock, [monitorId], "down");
  expect(await outbox.run()).toMatchObject({ retrying: 1 });
  expect(failed).toEqual(["webhook"]);

  receiver.reset();
  clock.advance(notificationsConfig().retry.baseMs);
  expect(await outbox.run()).toMatchObject({ sent: 1 });
  expect(failed).toEqual(["webhook"]);
});
