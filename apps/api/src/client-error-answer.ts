import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { errorBody } from "@pingpilot/api";

/** Node's parser codes for requests it refuses before Express sees them, with our status and message. */
function refusalOf(error: Error & { code?: string }): { status: number; message: string } {
  if (error.code === "HPE_HEADER_OVERFLOW") return { status: 431, message: "Request headers too large" };
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return { status: 408, message: "Request timed out" };
  return { status: 400, message: "Malformed HTTP request" };
}

/**
 * The http server's `clientError` handler. Node answers such requests itself with an empty body; this gives
 * them the documented JSON error body instead, then closes the connection (its parser state is unusable).
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, message } = refusalOf(error);
  const body = JSON.stringify(errorBody(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Cache-Control: no-store\r\n" +
      "Connection: close\r\n\r\n" +
      body,
  );
}
