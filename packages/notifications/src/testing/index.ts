export { type FakeReceiver, type ReceivedRequest, type ReceiverBehaviour, startFakeReceiver } from "./fake-receiver.ts";
