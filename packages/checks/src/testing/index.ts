export { forbiddenUrls } from "./ssrf-targets.ts";
