import { ForbiddenError, UnauthorizedError } from "@pingpilot/domain";

interface AccountState {
  disabledAt?: Date | null;
  deletingAt?: Date | null;
}

/**
 * Refuses accounts that may not act: gone or being deleted (as if unknown), or disabled by an admin
 * (FORBIDDEN, so clients stop instead of trying to refresh).
 */
export function assertAccountActive<T extends AccountState>(user: T | null | undefined): asserts user is T {
  if (!user || user.deletingAt) throw new UnauthorizedError("This account no longer exists");
  if (user.disabledAt) throw new ForbiddenError("This account is disabled");
}
