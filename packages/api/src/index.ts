export { type ApiDependencies, type Context, createContext, type RequestInfo } from "./context.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
