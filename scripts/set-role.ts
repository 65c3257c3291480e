/**
 * Gives an account a role: how the first administrator is made (after that, admins use
 * `admin.setRole`). Talks to the database directly, so run it where MONGODB_URI reaches the
 * database (the dev runner logs its URI):
 *
 *   MONGODB_URI=mongodb://… node scripts/set-role.ts ada@example.com admin
 */
import { loadConfigOrExit } from "@pingpilot/config";
import { openDatabase } from "@pingpilot/db";
import { createLogger } from "@pingpilot/logger";

const [email, role] = process.argv.slice(2);
if (!email || (role !== "admin" && role !== "user")) {
  process.stderr.write("usage: node scripts/set-role.ts <email> <admin|user>\n");
  process.exit(2);
}

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "set-role" });
const db = await openDatabase(config.database, logger);
try {
  const result = await db.models.User.updateOne(
    { email: email.trim().toLowerCase(), deletingAt: null },
    { $set: { role, updatedAt: new Date() } },
  );
  if (result.matchedCount === 0) {
    process.stderr.write(`no account with the email ${email}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${email} is now ${role === "admin" ? "an administrator" : "a regular user"}\n`);
  }
} finally {
  await db.close();
}
