export { heartbeatMonitorInput, httpMonitorInput, publicIp } from "./monitor-inputs.ts";
