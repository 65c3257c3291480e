import { execFile } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** The test CA's certificate (PEM): trust it to make the leaves valid. */
  ca: string;
  /** For 127.0.0.1 and localhost, valid for 90 days. */
  valid: KeyPair;
  /** Valid, but expires in 5 days. */
  expiringSoon: KeyPair;
  /** Expired a day ago. */
  expired: KeyPair;
  /** Valid, but for other.example only. */
  otherHost: KeyPair;
  /** Self-signed for 127.0.0.1, no CA. */
  selfSigned: KeyPair;
}

async function leaf(dir: string, name: string, days: number, altNames: string): Promise<KeyPair> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, `subjectAltName=${altNames}\n`);
  await run("openssl", [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    key,
    "-out",
    csr,
    "-subj",
    `/CN=${name}`,
  ]);
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    join(dir, "ca.crt"),
    "-CAkey",
    join(dir, "ca.key"),
    // A serial of its own: leaves are signed in parallel, and a shared -CAcreateserial file races.
    "-set_serial",
    String(randomInt(1, 2 ** 47)),
    "-out",
    cert,
    "-days",
    String(days),
    "-extfile",
    ext,
  ]);
  return { key: await readFile(key, "utf8"), cert: await readFile(cert, "utf8") };
}

/**
 * Generates a throw-away CA and leaf certificates with the system's `openssl`, in a temporary
 * directory that is removed before returning. A negative `-days` backdates nothing but makes the
 * certificate's end precede its start: expired from the first second.
 */
export async function generateTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), "pingpilot-certs-"));
  try {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    await run("openssl", [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      join(dir, "ca.key"),
      "-out",
      join(dir, "ca.crt"),
      "-subj",
      "/CN=Ping Pilot Test CA",
      "-days",
      "2",
    ]);
    const altNames = "IP:127.0.0.1,DNS:localhost";
    const [valid, expiringSoon, expired, otherHost] = await Promise.all([
      leaf(dir, "valid", 90, altNames),
      leaf(dir, "expiring", 5, altNames),
      leaf(dir, "expired", -1, altNames),
      leaf(dir, "other", 90, "DNS:other.example"),
    ]);
    await run("openssl", [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      join(dir, "self.key"),
      "-out",
      join(dir, "self.crt"),
      "-subj",
      "/CN=self-signed",
      "-days",
      "30",
      "-addext",
      `subjectAltName=${altNames}`,
    ]);
    const selfSigned = {
      key: await readFile(join(dir, "self.key"), "utf8"),
      cert: await readFile(join(dir, "self.crt"), "utf8"),
    };
    return { ca: await readFile(join(dir, "ca.crt"), "utf8"), valid, expiringSoon, expired, otherHost, selfSigned };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
