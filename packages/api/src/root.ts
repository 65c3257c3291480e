import { adminRouter } from "./router/admin.ts";
import { apiKeyRouter } from "./router/api-key.ts";
import { authRouter } from "./router/auth.ts";
import { channelRouter } from "./router/channel.ts";
import { monitorRouter } from "./router/monitor.ts";
import { reportRouter } from "./router/report.ts";
import { sessionRouter } from "./router/session.ts";
import { systemRouter } from "./router/system.ts";
import { userRouter } from "./router/user.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  user: userRouter,
  session: sessionRouter,
  apiKey: apiKeyRouter,
  admin: adminRouter,
  monitor: monitorRouter,
  channel: channelRouter,
  report: reportRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
