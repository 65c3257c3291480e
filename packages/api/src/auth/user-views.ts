import type { Types } from "@pingpilot/db";
import type { AdminUserInfo, UserProfile, UserRole } from "@pingpilot/domain";

/** The fields of a user document the views read. */
interface UserDocument {
  _id: Types.ObjectId;
  email: string;
  name?: string | null;
  timezone: string;
  notificationEmail?: string | null;
  role: string;
  disabledAt?: Date | null;
  createdAt: Date;
}

export function toUserProfile(user: UserDocument): UserProfile {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name ?? null,
    timezone: user.timezone,
    notificationEmail: user.notificationEmail ?? null,
    role: user.role as UserRole,
    createdAt: user.createdAt,
  };
}

export function toAdminUserInfo(user: UserDocument): AdminUserInfo {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name ?? null,
    role: user.role as UserRole,
    disabled: user.disabledAt != null,
    disabledAt: user.disabledAt ?? null,
    createdAt: user.createdAt,
  };
}
