export { type FakeReceiver, type ReceivedRequest, type ReceiverBehaviour, startFakeReceiver } from "./fake-receiver.ts";
export { useDatabaseAndReceiver } from "./use-database-and-receiver.ts";
