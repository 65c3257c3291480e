import type { AuthContext, RequestInfo, ResponseControl } from "./context.ts";
import type { ApiDependencies } from "./dependencies.ts";
import type { ApiServices } from "./services.ts";

/**
 * What a service function (auth/, monitors/, channels/, reports/) needs, and no more: the procedure
 * context satisfies it, and so does a hand-built object in a script or a test.
 */
export type ServiceContext = Pick<ApiDependencies, "db" | "clock" | "config" | "logger"> & {
  services: ApiServices;
};

/** A service acting for the signed-in owner of monitors, channels and reports. */
export type OwnerContext = ServiceContext & { auth: Pick<AuthContext, "userId"> };

/** A service that reads the request's facts (headers, IP, cookies) or sets cookies: the auth flows. */
export type RequestContext = ServiceContext & { request: RequestInfo; response: ResponseControl };
