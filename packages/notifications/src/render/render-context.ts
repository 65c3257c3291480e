/** Links in messages point at the web app. */
export interface RenderContext {
  appUrl: string;
}
