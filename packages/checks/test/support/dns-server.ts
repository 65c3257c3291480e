import { createSocket, type RemoteInfo } from "node:dgram";

export interface DnsRecords {
  A?: Record<string, string[]>;
  TXT?: Record<string, string[]>;
}

export interface RunningDnsServer {
  /** `127.0.0.1:<port>`, the form a monitor's resolver field takes. */
  address: string;
  /** Names the server receives queries for but never answers. */
  silent: Set<string>;
  queries: string[];
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_TXT = 16;

function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let position = offset;
  for (let length = message[position] ?? 0; length > 0; length = message[position] ?? 0) {
    labels.push(message.subarray(position + 1, position + 1 + length).toString("ascii"));
    position += 1 + length;
  }
  return { name: labels.join(".").toLowerCase(), end: position + 1 };
}

function answerRecord(type: number, data: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0xc00c, 0); // pointer to the question's name
  header.writeUInt16BE(type, 2);
  header.writeUInt16BE(1, 4); // class IN
  header.writeUInt32BE(60, 6); // TTL
  header.writeUInt16BE(data.length, 10);
  return Buffer.concat([header, data]);
}

function rdata(type: number, value: string): Buffer {
  if (type === TYPE_A) return Buffer.from(value.split(".").map(Number));
  const text = Buffer.from(value, "utf8");
  return Buffer.concat([Buffer.from([text.length]), text]);
}

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) answering A and TXT queries from a table, with
 * NXDOMAIN for unknown names and no answer at all for names in `silent`. Enough for the DNS check's
 * tests, and it keeps every query on loopback.
 */
export async function startDnsServer(records: DnsRecords): Promise<RunningDnsServer> {
  const socket = createSocket("udp4");
  const silent = new Set<string>();
  const queries: string[] = [];
  socket.on("message", (message: Buffer, remote: RemoteInfo) => {
    const { name, end } = readName(message, 12);
    const type = message.readUInt16BE(end);
    queries.push(`${name} ${type}`);
    if (silent.has(name)) return;
    const table = type === TYPE_A ? records.A : type === TYPE_TXT ? records.TXT : undefined;
    const known = Object.hasOwn(records.A ?? {}, name) || Object.hasOwn(records.TXT ?? {}, name);
    const values = table?.[name] ?? [];
    const header = Buffer.alloc(12);
    message.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2); // response, recursion desired+available, NOERROR/NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(values.length, 6);
    const question = message.subarray(12, end + 4);
    const answers = values.map((value) => answerRecord(type, rdata(type, value)));
    socket.send(Buffer.concat([header, question, ...answers]), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    silent,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
